package demo

import (
	"container/list"
	"math"
	"slices"
	"strconv"
	"sync"
	"time"
)

// feedLag bounds how long after its activity day a report can still
// change: submitted by day 21 (at most 20 days late, and before the 5th of
// the next month), reviewed within 14 days of that (the next morning if at
// night), then revised within about 5 days of a return and approved again
// within 7, or corrected 1–14 days after its approval (moved past weekends
// and holidays): 55 days at most. The updates of day U come from activity
// days U−feedLag … U; a test checks the bound.
const feedLag = 60

// farFuture is a cutoff after every event: the whole life of a report.
var farFuture = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)

// reportLife is one activity report with every event of its life, as
// seconds after its activity day's midnight (WITA); 0 = no such event (no
// event happens at midnight: submissions start at 07:00, night reviews
// move to the morning).
type reportLife struct {
	emp       int32
	n         int8
	outcome   int8 // first review: 0 none (never opened), 1 approved, 2 returned
	task      *task
	qty       float64 // as first submitted
	qty2      float64 // as revised (returned) or corrected (approved)
	submitted int32
	reviewed  int32 // first review
	resubmit  int32 // returned: revised and submitted again
	reapprove int32 // returned: approved after the revision
	corrected int32 // approved: quantity corrected
}

const (
	outcomeNone int8 = iota
	outcomeApproved
	outcomeReturned
)

// reportState is a report as the app shows it at some moment.
type reportState struct {
	updated  int32 // seconds after the activity day's midnight
	status   string
	reviewed int32 // 0: not reviewed (or under review again)
	qty      float64
}

// at returns the report's state at off seconds after its activity day's
// midnight, and false when it was not submitted by then.
func (l *reportLife) at(off int64) (reportState, bool) {
	if int64(l.submitted) > off {
		return reportState{}, false
	}
	s := reportState{updated: l.submitted, status: StatusSubmitted, qty: l.qty}
	seen := func(t int32) bool { return t != 0 && int64(t) <= off }
	if seen(l.reviewed) {
		s.updated, s.reviewed = l.reviewed, l.reviewed
		s.status = StatusApproved
		if l.outcome == outcomeReturned {
			s.status = StatusReturned
		}
	}
	if seen(l.resubmit) {
		s.updated, s.reviewed, s.status, s.qty = l.resubmit, 0, StatusSubmitted, l.qty2
	}
	if seen(l.reapprove) {
		s.updated, s.reviewed, s.status = l.reapprove, l.reapprove, StatusApproved
	}
	if seen(l.corrected) {
		s.updated, s.qty = l.corrected, l.qty2
	}
	return s, true
}

// last is the time of the report's last event.
func (l *reportLife) last() int32 {
	return max(l.submitted, l.reviewed, l.resubmit, l.reapprove, l.corrected)
}

// lifeDay is the reports of one activity day.
type lifeDay struct {
	d    day
	base int64 // the day's midnight WITA, Unix seconds
	recs []reportLife
}

// reportLives draws the whole life of every report of activity day d: the
// generator's reports (what WriteActivity writes, with its submission and
// first review), then, from a stream of the feed's own keyed by (seed,
// "feed-activity", day), what happens after: most returned reports are
// revised and approved, a few approved ones are corrected. The feed's
// draws never touch the generator's streams, so the reports stay the
// files' reports.
func (f *Feed) reportLives(g *Generator, d day) *lifeDay {
	rows := g.activityDay(d, farFuture, nil)
	ld := &lifeDay{d: d, base: d.t.Unix(), recs: make([]reportLife, len(rows))}
	if len(rows) == 0 {
		return ld
	}
	r := stream(key(g.opt.Seed, "feed-activity"), d.num)
	ro := g.roster()
	limit := d.t.AddDate(0, 0, feedLag)
	off := func(t time.Time) int32 {
		if t.After(limit) { // never for the generator's events (a test checks); ours are capped below
			t = limit
		}
		return int32(t.Sub(d.t) / time.Second)
	}
	for i := range rows {
		row := &rows[i]
		l := &ld.recs[i]
		l.emp, l.n, l.task, l.qty, l.qty2 = row.emp, row.n, row.task, row.quantity, row.quantity
		l.submitted = off(row.submitted)
		if !row.reviewed.IsZero() {
			l.reviewed = off(row.reviewed)
			l.outcome = outcomeApproved
			if row.status == StatusReturned {
				l.outcome = outcomeReturned
			}
		}
		// Six draws per report whatever happens, so that one report's fate
		// never shifts another's.
		x, lag, lat, q, u1, u2 := r.Float64(), r.ExpFloat64(), r.NormFloat64(), r.Float64(), r.Float64(), r.Float64()
		t := row.task
		steps := int((t.hi - t.lo) / t.step)
		switch l.outcome {
		case outcomeReturned:
			// 85 % revise within 5 days (most the same or the next day),
			// and most of those are approved at the unit's usual pace,
			// within a week; the rest stay as they are.
			if x >= 0.85 {
				break
			}
			resub := officeClock(row.reviewed.Add(time.Duration(min(lag*14, 5*24)*float64(time.Hour))+time.Hour), u1)
			l.resubmit = off(resub)
			l.qty2 = t.lo + float64(int(q*float64(steps+1)))*t.step
			if x < 0.8 {
				h := min(g.work[ro.emps[row.emp].unit].approvalHours*math.Exp(lat), 7*24)
				l.reapprove = off(officeClock(resub.Add(time.Duration(h*float64(time.Hour))+15*time.Minute), u2))
			}
		case outcomeApproved:
			// 0.5 % get their quantity corrected by one step 1–14 days
			// later, on a working day in office hours (a recount, a typo).
			if x >= 0.005 || steps == 0 {
				break
			}
			at := time.Date(row.reviewed.Year(), row.reviewed.Month(), row.reviewed.Day()+1+int(q*14), 0, 0, 0, 0, wita)
			for !newDay(at).working() {
				at = at.AddDate(0, 0, 1)
			}
			l.corrected = off(at.Add(8*time.Hour + time.Duration(u1*8*3600)*time.Second))
			if row.quantity+t.step <= t.hi {
				l.qty2 = row.quantity + t.step
			} else {
				l.qty2 = row.quantity - t.step
			}
		}
	}
	return ld
}

// officeClock moves a time at night (22:00–07:00) to the next morning,
// 07:30–09:00 by u in [0, 1), as reviewClock does with its own draw.
func officeClock(t time.Time, u float64) time.Time {
	t = t.In(wita)
	h := t.Hour()
	if h >= 7 && h < 22 {
		return t
	}
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, wita)
	if h >= 22 {
		day = day.AddDate(0, 0, 1)
	}
	return day.Add(7*time.Hour + 30*time.Minute + time.Duration(u*90*60)*time.Second)
}

// lifeCache keeps generated days, least recently used out first, within a
// budget of reports.
type lifeCache struct {
	mu      sync.Mutex
	budget  int
	size    int
	lru     *list.List // of *lifeDay, most recent first
	entries map[uint64]*list.Element
}

func newLifeCache(budget int) *lifeCache {
	return &lifeCache{budget: budget, lru: list.New(), entries: map[uint64]*list.Element{}}
}

func daySize(ld *lifeDay) int { return len(ld.recs) + 1 }

func (c *lifeCache) get(num uint64) *lifeDay {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[num]; ok {
		c.lru.MoveToFront(e)
		return e.Value.(*lifeDay)
	}
	return nil
}

func (c *lifeCache) put(ld *lifeDay) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[ld.d.num]; ok {
		return
	}
	if daySize(ld) > c.budget {
		return
	}
	c.entries[ld.d.num] = c.lru.PushFront(ld)
	c.size += daySize(ld)
	for c.size > c.budget {
		e := c.lru.Back()
		old := e.Value.(*lifeDay)
		c.lru.Remove(e)
		delete(c.entries, old.d.num)
		c.size -= daySize(old)
	}
}

// lives returns the reports of activity day t (midnight WITA), from the
// cache or freshly drawn.
func (f *Feed) lives(g *Generator, t time.Time) *lifeDay {
	d := newDay(t)
	if ld := f.days.get(d.num); ld != nil {
		return ld
	}
	ld := f.reportLives(g, d)
	f.days.put(ld)
	return ld
}

// activityJSON is a report as the feed serves it.
type activityJSON struct {
	ReportID     string  `json:"report_id"`
	NIP          string  `json:"nip"`
	UnitCode     string  `json:"unit_code"`
	ActivityDate string  `json:"activity_date"`
	SubmittedAt  string  `json:"submitted_at"`
	Activity     string  `json:"activity"`
	Output       string  `json:"output"`
	Quantity     float64 `json:"quantity"`
	Status       string  `json:"status"`
	ReviewedAt   *string `json:"reviewed_at"`
	ReviewerNIP  *string `json:"reviewer_nip"`
	UpdatedAt    string  `json:"updated_at"`
}

// reportID is the report_id the CSV files write: LH-NIP-YYYYMMDD-N.
func reportID(nip string, d day, n int8) string {
	b := make([]byte, 0, 40)
	b = append(b, "LH-"...)
	b = append(b, nip...)
	b = append(b, '-')
	b = append(b, d.key[0:4]...)
	b = append(b, d.key[5:7]...)
	b = append(b, d.key[8:10]...)
	b = append(b, '-')
	b = strconv.AppendInt(b, int64(n), 10)
	return string(b)
}

// activityPage finds the reports updated after q.after, in (updated_at,
// report_id) order, one day of updates at a time: the updates of day U
// come from activity days U−feedLag … U, so a page never looks further
// back, however long the pull.
func (f *Feed) activityPage(q query) page {
	g := f.generator(q.asof)
	ro := g.roster()
	today := witaDay(q.asof)
	start := f.from
	if q.after.sec != math.MinInt64 {
		if t := witaDay(time.Unix(q.after.sec, 0)); t.After(start) {
			start = t
		}
	}
	type hit struct {
		pos position
		ld  *lifeDay
		i   int
		st  reportState
	}
	var out []hit
	var window []hit
	for u := start; !u.After(today) && len(out) <= q.limit; u = u.AddDate(0, 0, 1) {
		lo, hi := u.Unix(), u.AddDate(0, 0, 1).Unix()
		window = window[:0]
		first := u.AddDate(0, 0, -feedLag)
		if first.Before(f.from) {
			first = f.from
		}
		for a := first; !a.After(u); a = a.AddDate(0, 0, 1) {
			ld := f.lives(g, a)
			off := q.now - ld.base
			for i := range ld.recs {
				l := &ld.recs[i]
				st, ok := l.at(off)
				if !ok {
					continue
				}
				sec := ld.base + int64(st.updated)
				if sec < lo || sec >= hi || sec < q.after.sec {
					continue
				}
				p := position{sec: sec}
				if sec == q.after.sec {
					p.id = reportID(ro.emps[l.emp].nip, ld.d, l.n)
					if !q.after.before(p) {
						continue
					}
				}
				window = append(window, hit{pos: p, ld: ld, i: i, st: st})
			}
		}
		for k := range window {
			h := &window[k]
			if h.pos.id == "" {
				h.pos.id = reportID(ro.emps[h.ld.recs[h.i].emp].nip, h.ld.d, h.ld.recs[h.i].n)
			}
		}
		slices.SortFunc(window, func(a, b hit) int {
			switch {
			case a.pos.before(b.pos):
				return -1
			case b.pos.before(a.pos):
				return 1
			}
			return 0
		})
		out = append(out, window[:min(len(window), q.limit+1-len(out))]...)
	}
	var p page
	if len(out) > q.limit {
		out = out[:q.limit]
		last := out[len(out)-1].pos
		p.next = &last
	}
	p.data = make([]any, len(out))
	for k, h := range out {
		l := &h.ld.recs[h.i]
		e := &ro.emps[l.emp]
		rec := activityJSON{
			ReportID:     h.pos.id,
			NIP:          e.nip,
			UnitCode:     g.org.Units[e.unit].Code,
			ActivityDate: h.ld.d.key,
			SubmittedAt:  wita3339(time.Unix(h.ld.base+int64(l.submitted), 0)),
			Activity:     l.task.activity,
			Output:       l.task.output,
			Quantity:     h.st.qty,
			Status:       h.st.status,
			UpdatedAt:    wita3339(time.Unix(h.pos.sec, 0)),
		}
		if h.st.reviewed != 0 {
			at := wita3339(time.Unix(h.ld.base+int64(h.st.reviewed), 0))
			rec.ReviewedAt, rec.ReviewerNIP = &at, &ro.emps[e.sup].nip
		}
		p.data[k] = rec
	}
	return p
}
