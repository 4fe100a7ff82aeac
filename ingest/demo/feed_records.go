package demo

import (
	"slices"
	"strconv"
	"time"
)

// The small datasets of the feed (SKP evaluations, employees, units): a
// few tens of thousands of records at most, so a page filters and sorts
// them all.

// keyed is a record of a small dataset with its place in the feed order.
type keyed[T any] struct {
	pos position
	rec T
}

// pageOf sorts the records after q.after (the caller filtered them) and
// cuts one page, rendering only the records on it.
func pageOf[T any](recs []keyed[T], q query, render func(keyed[T]) any) page {
	slices.SortFunc(recs, func(a, b keyed[T]) int {
		switch {
		case a.pos.before(b.pos):
			return -1
		case b.pos.before(a.pos):
			return 1
		}
		return 0
	})
	var p page
	if len(recs) > q.limit {
		recs = recs[:q.limit]
		last := recs[len(recs)-1].pos
		p.next = &last
	}
	p.data = make([]any, len(recs))
	for i, r := range recs {
		p.data[i] = render(r)
	}
	return p
}

// skpLife is one SKP evaluation with its life: evaluated some days after
// the end of its period, perhaps corrected later.
type skpLife struct {
	row                 skpRow
	year                int
	id                  string // nip/year/period
	eval, corr          int64  // Unix seconds; corr 0: never corrected
	hasil2, perilaku2   string // the corrected ratings (same predikat)
	evaluator, unitCode string
}

// skpLives draws the life of every evaluation of a year (all five periods;
// the caller shows only what happened by its "now"). Each OPD evaluates
// at its own pace: it starts 3–15 days after the period ends (fixed by the
// OPD's code), each evaluation a few days more (exponential, mean 4 days,
// at most 45 in all), on a working day in office hours. 2 % of the
// evaluations whose predikat has another pair of ratings are corrected
// 7–35 days later (the ratings, never the predikat: the organisation's
// distribution holds). Draws come from (seed, "feed-skp", year), five per
// evaluation.
func (f *Feed) skpLives(g *Generator, year int) []skpLife {
	f.mu.Lock()
	lives, ok := f.skp[year]
	f.mu.Unlock()
	if ok {
		return lives
	}
	ro := g.roster()
	rows := g.skpYear(year, time.Date(year, 1, 1, 0, 0, 0, 0, wita), time.Date(year, 12, 31, 0, 0, 0, 0, wita))
	r := stream(key(g.opt.Seed, "feed-skp", strconv.Itoa(year)), 0)
	lives = make([]skpLife, len(rows))
	y := strconv.Itoa(year)
	for i, row := range rows {
		e := &ro.emps[row.emp]
		u := &g.org.Units[e.unit]
		l := &lives[i]
		l.row, l.year, l.unitCode, l.evaluator = row, year, u.Code, ro.emps[e.sup].nip
		l.id = e.nip + "/" + y + "/" + row.period
		lag, clock, x, pickAlt, later := r.ExpFloat64(), r.Float64(), r.Float64(), r.Float64(), r.Float64()
		start := 3 + 6*(jitter(u.AgencyCode, "feed-skp-start")+1)
		at := workingDayFrom(periodEnd(year, row.period).AddDate(0, 0, 1+int(min(start+4*lag, 45))))
		l.eval = at.Add(8*time.Hour + time.Duration(clock*8*3600)*time.Second).Unix()
		if x >= 0.02 {
			continue
		}
		var alts [][2]string
		for _, h := range []string{RatingDiatas, RatingSesuai, RatingDibawah} {
			for _, p := range []string{RatingDiatas, RatingSesuai, RatingDibawah} {
				if Predikat(h, p) == row.predikat && (h != row.hasil || p != row.perilaku) {
					alts = append(alts, [2]string{h, p})
				}
			}
		}
		if len(alts) == 0 {
			continue
		}
		alt := alts[int(pickAlt*float64(len(alts)))]
		l.hasil2, l.perilaku2 = alt[0], alt[1]
		at = workingDayFrom(at.AddDate(0, 0, 7+int(later*29)))
		l.corr = at.Add(8*time.Hour + time.Duration(clock*8*3600)*time.Second).Unix()
	}
	f.mu.Lock()
	f.skp[year] = lives
	f.mu.Unlock()
	return lives
}

// workingDayFrom is t's day, or the next working day.
func workingDayFrom(t time.Time) time.Time {
	t = witaDay(t)
	for !newDay(t).working() {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

// skpJSON is an evaluation as the feed serves it.
type skpJSON struct {
	NIP           string `json:"nip"`
	UnitCode      string `json:"unit_code"`
	Year          int    `json:"year"`
	Period        string `json:"period"`
	HasilKerja    string `json:"hasil_kerja"`
	PerilakuKerja string `json:"perilaku_kerja"`
	Predikat      string `json:"predikat"`
	EvaluatorNIP  string `json:"evaluator_nip"`
	UpdatedAt     string `json:"updated_at"`
}

type skpSeen struct {
	l         *skpLife
	corrected bool
}

// skpPage serves the evaluations of the years from the year before From's
// to "now", as evaluated (and corrected) by then.
func (f *Feed) skpPage(q query) page {
	g := f.generator(q.asof)
	ro := g.roster()
	var recs []keyed[skpSeen]
	for y := f.skpFrom.Year(); y <= witaDay(q.asof).Year(); y++ {
		lives := f.skpLives(g, y)
		for i := range lives {
			l := &lives[i]
			if l.eval > q.now {
				continue
			}
			s := skpSeen{l: l}
			p := position{sec: l.eval, id: l.id}
			if l.corr != 0 && l.corr <= q.now {
				s.corrected, p.sec = true, l.corr
			}
			if q.after.before(p) {
				recs = append(recs, keyed[skpSeen]{p, s})
			}
		}
	}
	return pageOf(recs, q, func(k keyed[skpSeen]) any {
		l := k.rec.l
		e := &ro.emps[l.row.emp]
		j := skpJSON{NIP: e.nip, UnitCode: l.unitCode, Year: l.year, Period: l.row.period,
			HasilKerja: l.row.hasil, PerilakuKerja: l.row.perilaku, Predikat: l.row.predikat,
			EvaluatorNIP: l.evaluator, UpdatedAt: wita3339(time.Unix(k.pos.sec, 0))}
		if k.rec.corrected {
			j.HasilKerja, j.PerilakuKerja = l.hasil2, l.perilaku2
		}
		return j
	})
}

// Employee records change when someone joins, at each golongan step
// (every four years of service) and fungsional grade step (8, 10 for
// PPPK, and 18 years), and when they leave; BKPSDM publishes a day's
// changes at 07:00 WITA.
const employeePublish = 7 * time.Hour

// employeeState is what the employees file shows of someone as of a day.
type employeeState struct {
	position, golongan, activeTo string
}

// employeeAt is the record as WriteEmployees writes it for a range ending
// on day s: position and golongan as of s, or as of the last day for
// someone who has left (active_to set).
func employeeAt(e *employee, s time.Time) employeeState {
	at, to := s, ""
	if !e.to.IsZero() && !e.to.After(s) {
		at, to = e.to, e.to.Format("2006-01-02")
	}
	return employeeState{e.positionName(at), e.golongan(at), to}
}

// employeeChanges lists the days an employee's record changed, from the
// day they joined: the steps of service (checked a day either side, so a
// rounding in the year arithmetic cannot hide one) and the day they left.
func employeeChanges(e *employee) []time.Time {
	out := []time.Time{e.from}
	var cands []time.Time
	for k := 1; k <= 12; k++ {
		cands = append(cands, e.from.AddDate(0, 0, 1461*k)) // 4 years of 365.25 days
	}
	for _, y := range []float64{8, 10, 18} {
		cands = append(cands, e.from.AddDate(0, 0, int(y*365.25+0.999)))
	}
	if !e.to.IsZero() {
		cands = append(cands, e.to)
	}
	for _, c := range cands {
		for _, d := range []time.Time{c.AddDate(0, 0, -1), c, c.AddDate(0, 0, 1)} {
			if !d.After(e.from) || (!e.to.IsZero() && d.After(e.to)) {
				continue
			}
			if employeeAt(e, d) != employeeAt(e, d.AddDate(0, 0, -1)) {
				out = append(out, d)
			}
		}
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return slices.Compact(out)
}

// employeeJSON is an employee as the feed serves it.
type employeeJSON struct {
	NIP           string  `json:"nip"`
	Name          string  `json:"name"`
	EmployeeType  string  `json:"employee_type"`
	PositionClass string  `json:"position_class"`
	PositionName  string  `json:"position_name"`
	Golongan      *string `json:"golongan"`
	Education     string  `json:"education"`
	UnitCode      string  `json:"unit_code"`
	Gender        string  `json:"gender"`
	BirthDate     string  `json:"birth_date"`
	ActiveFrom    string  `json:"active_from"`
	ActiveTo      *string `json:"active_to"`
	UpdatedAt     string  `json:"updated_at"`
}

type employeeSeen struct {
	e  *employee
	st employeeState
}

// employeesPage serves everyone who joined by "now" and worked at some day
// since the first SKP year, as of the last published day.
func (f *Feed) employeesPage(q query) page {
	g := f.generator(q.asof)
	ro := g.roster()
	s := witaDay(time.Unix(q.now, 0).Add(-employeePublish))
	var recs []keyed[employeeSeen]
	for i := range ro.emps {
		e := &ro.emps[i]
		if e.from.After(s) || (!e.to.IsZero() && e.to.Before(f.skpFrom)) {
			continue
		}
		changes := employeeChanges(e)
		k, found := slices.BinarySearchFunc(changes, s, func(a, b time.Time) int { return a.Compare(b) })
		if !found {
			k--
		}
		p := position{sec: changes[k].Add(employeePublish).Unix(), id: e.nip}
		if q.after.before(p) {
			recs = append(recs, keyed[employeeSeen]{p, employeeSeen{e, employeeAt(e, s)}})
		}
	}
	return pageOf(recs, q, func(k keyed[employeeSeen]) any {
		e, st := k.rec.e, k.rec.st
		j := employeeJSON{NIP: e.nip, Name: e.name, EmployeeType: TypePNS, PositionClass: e.class,
			PositionName: st.position, Education: e.edu, UnitCode: g.org.Units[e.unit].Code, Gender: "L",
			BirthDate: e.birth.Format("2006-01-02"), ActiveFrom: e.from.Format("2006-01-02"),
			UpdatedAt: wita3339(time.Unix(k.pos.sec, 0))}
		if e.pppk {
			j.EmployeeType = TypePPPK
		}
		if e.female {
			j.Gender = "P"
		}
		if st.golongan != "" {
			j.Golongan = &st.golongan
		}
		if st.activeTo != "" {
			j.ActiveTo = &st.activeTo
		}
		return j
	})
}

// unitJSON is a unit as the feed serves it.
type unitJSON struct {
	UnitCode   string  `json:"unit_code"`
	UnitName   string  `json:"unit_name"`
	AgencyCode string  `json:"agency_code"`
	AgencyName string  `json:"agency_name"`
	Kind       string  `json:"kind"`
	Kecamatan  *string `json:"kecamatan"`
	UpdatedAt  string  `json:"updated_at"`
}

// unitsUpdated is when the organisation was last changed in the app: 1
// December of the year before the first SKP year, before anything else
// the feed serves.
func (f *Feed) unitsUpdated() time.Time {
	return time.Date(f.skpFrom.Year()-1, 12, 1, 7, 0, 0, 0, wita)
}

// unitsPage serves the organisation.
func (f *Feed) unitsPage(q query) page {
	g := f.generator(q.asof)
	sec := f.unitsUpdated().Unix()
	var recs []keyed[*Unit]
	if sec <= q.now {
		for i := range g.org.Units {
			u := &g.org.Units[i]
			if p := (position{sec, u.Code}); q.after.before(p) {
				recs = append(recs, keyed[*Unit]{p, u})
			}
		}
	}
	return pageOf(recs, q, func(k keyed[*Unit]) any {
		u := k.rec
		j := unitJSON{UnitCode: u.Code, UnitName: u.Name, AgencyCode: u.AgencyCode, AgencyName: u.AgencyName,
			Kind: u.Kind, UpdatedAt: wita3339(time.Unix(k.pos.sec, 0))}
		if u.Kecamatan != "" {
			kec := u.Kecamatan
			j.Kecamatan = &kec
		}
		return j
	})
}
