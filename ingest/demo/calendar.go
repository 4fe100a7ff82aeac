package demo

import (
	"time"
)

// The calendar of a Pemda office in WITA: national holidays and cuti
// bersama (SKB 3 Menteri), Ramadan (shorter office hours, fewer visitors)
// and the weeks around Lebaran. Dates for 2023–2026 follow the published
// SKB lists as closely as we know them (2026 from the SKB signed in 2025);
// the Islamic dates after 2026 are approximate (the month moves about eleven
// days earlier each year) and only the fixed-date holidays are listed for
// those years. A demo needs plausible dips, not an almanac: this is not a
// source of truth for anything else.

// holidays lists the days offices are closed besides weekends.
var holidays = map[string]bool{}

// ramadan holds the first and the last day of Ramadan, and lebaran the
// first day of Idul Fitri, per Gregorian year.
var ramadan = map[int][2]string{
	2023: {"2023-03-23", "2023-04-21"},
	2024: {"2024-03-12", "2024-04-09"},
	2025: {"2025-03-01", "2025-03-30"},
	2026: {"2026-02-19", "2026-03-19"},
	2027: {"2027-02-08", "2027-03-09"},
	2028: {"2028-01-28", "2028-02-25"},
	2029: {"2029-01-16", "2029-02-13"},
	2030: {"2030-01-06", "2030-02-03"},
}

func init() {
	for _, d := range []string{
		// 2023
		"2023-01-02", "2023-01-23", "2023-03-22", "2023-03-23", "2023-04-07",
		"2023-04-19", "2023-04-20", "2023-04-21", "2023-04-24", "2023-04-25",
		"2023-05-01", "2023-05-18", "2023-06-01", "2023-06-02", "2023-06-28",
		"2023-06-29", "2023-06-30", "2023-07-19", "2023-08-17", "2023-09-28",
		"2023-12-25", "2023-12-26",
		// 2024 (with Pemilu 14 Feb and Pilkada 27 Nov)
		"2024-01-01", "2024-02-08", "2024-02-09", "2024-02-14", "2024-03-11",
		"2024-03-12", "2024-03-29", "2024-04-08", "2024-04-09", "2024-04-10",
		"2024-04-11", "2024-04-12", "2024-04-15", "2024-05-01", "2024-05-09",
		"2024-05-10", "2024-05-23", "2024-05-24", "2024-06-17", "2024-06-18",
		"2024-09-16", "2024-11-27", "2024-12-25", "2024-12-26",
		// 2025
		"2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-03-28",
		"2025-03-31", "2025-04-01", "2025-04-02", "2025-04-03", "2025-04-04",
		"2025-04-07", "2025-04-18", "2025-05-01", "2025-05-12", "2025-05-13",
		"2025-05-29", "2025-05-30", "2025-06-06", "2025-06-09", "2025-06-27",
		"2025-08-18", "2025-09-05", "2025-12-25", "2025-12-26",
		// 2026
		"2026-01-01", "2026-01-16", "2026-02-16", "2026-02-17", "2026-03-18",
		"2026-03-19", "2026-03-20", "2026-03-23", "2026-03-24", "2026-04-03",
		"2026-05-01", "2026-05-14", "2026-05-15", "2026-05-27", "2026-05-28",
		"2026-06-01", "2026-06-16", "2026-08-17", "2026-08-25", "2026-12-24",
		"2026-12-25",
		// 2027–2030: Lebaran (approximate) and the fixed-date holidays
		"2027-03-09", "2027-03-10", "2027-03-11", "2027-03-12",
		"2028-02-24", "2028-02-25", "2028-02-28", "2028-02-29",
		"2029-02-13", "2029-02-14", "2029-02-15", "2029-02-16",
		"2030-02-04", "2030-02-05", "2030-02-06", "2030-02-07",
	} {
		holidays[d] = true
	}
}

// fixedHolidays are the same date every year (Tahun Baru, Hari Buruh,
// Hari Lahir Pancasila, Proklamasi, Natal): they cover years the list above
// does not.
var fixedHolidays = map[[2]int]bool{
	{1, 1}: true, {5, 1}: true, {6, 1}: true, {8, 17}: true, {12, 25}: true,
}

// day is one calendar day in WITA with what the generators need to know.
type day struct {
	t        time.Time // midnight WITA
	key      string    // YYYY-MM-DD
	num      uint64    // dayNumber
	weekday  time.Weekday
	holiday  bool // a national holiday or cuti bersama (weekends excluded)
	ramadan  bool
	preFitri bool // the last week of Ramadan
	postIdul bool // the two weeks after Idul Fitri (halal bihalal, slow restart)
}

// working reports whether government offices are open (Monday–Friday,
// not a holiday).
func (d day) working() bool {
	return d.weekday != time.Saturday && d.weekday != time.Sunday && !d.holiday
}

func newDay(t time.Time) day {
	t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, wita)
	d := day{t: t, key: t.Format("2006-01-02"), num: dayNumber(t), weekday: t.Weekday()}
	d.holiday = holidays[d.key] || fixedHolidays[[2]int{int(t.Month()), t.Day()}]
	for _, y := range []int{t.Year(), t.Year() + 1} {
		r, ok := ramadan[y]
		if !ok {
			continue
		}
		first, _ := time.ParseInLocation("2006-01-02", r[0], wita)
		last, _ := time.ParseInLocation("2006-01-02", r[1], wita)
		switch {
		case !t.Before(first) && !t.After(last):
			d.ramadan = true
			d.preFitri = last.Sub(t) < 7*24*time.Hour
		case t.After(last) && t.Sub(last) <= 21*24*time.Hour:
			// Idul Fitri and cuti bersama take the first days; the rest of the
			// three weeks are the slow restart.
			d.postIdul = true
		}
	}
	return d
}

// days returns every day from..to (inclusive, WITA).
func days(from, to time.Time) []day {
	var out []day
	for t := from; !t.After(to); t = t.AddDate(0, 0, 1) {
		out = append(out, newDay(t))
	}
	return out
}

// interval is an opening period in minutes after midnight.
type interval struct{ from, to int }

// officeHours returns when the public is served on d: Monday–Thursday
// 07:30–16:00, Friday 07:30–11:30 and 13:30–16:30 (Friday prayer), in
// Ramadan 08:00–15:00 (Friday 08:00–11:30, 13:00–15:30); puskesmas and the
// hospital also serve on Saturday mornings (08:00–12:00).
func officeHours(d day, saturday bool) []interval {
	switch {
	case d.holiday || d.weekday == time.Sunday:
		return nil
	case d.weekday == time.Saturday:
		if saturday {
			return []interval{{8 * 60, 12 * 60}}
		}
		return nil
	case d.ramadan && d.weekday == time.Friday:
		return []interval{{8 * 60, 11*60 + 30}, {13 * 60, 15*60 + 30}}
	case d.ramadan:
		return []interval{{8 * 60, 15 * 60}}
	case d.weekday == time.Friday:
		return []interval{{7*60 + 30, 11*60 + 30}, {13*60 + 30, 16*60 + 30}}
	default:
		return []interval{{7*60 + 30, 16 * 60}}
	}
}
