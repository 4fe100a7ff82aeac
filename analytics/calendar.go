package analytics

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Holiday is a day government offices are closed besides the weekend: a
// national holiday (libur nasional), a cuti bersama of the ASN, or a day
// the Pemda closes its offices.
type Holiday struct {
	Date string `yaml:"date" json:"date"` // YYYY-MM-DD
	Name string `yaml:"name" json:"name"`
}

// NationalHolidays is the built-in list of national holidays and cuti
// bersama ASN for 2024–2026. Sources, as published:
//   - 2024: SKB Menag, Menaker, MenPANRB No. 855/2023, 3/2023, 4/2023 and
//     Keppres 7/2024 (cuti bersama ASN); Keppres 10/2024 made the Pemilu
//     (14 February) and Keppres 33/2024 the Pilkada (27 November) national
//     holidays.
//   - 2025: SKB No. 1017/2024, 2/2024, 2/2024 and Keppres 2/2025 (cuti
//     bersama ASN), as amended by SKB No. 933/2025, 1/2025, 3/2025, which
//     added the cuti bersama of 18 August 2025.
//   - 2026: SKB No. 1497/2025, 2/2025, 5/2025 (17 national holidays, 8 days
//     of cuti bersama). The Keppres fixing the cuti bersama of the ASN for
//     2026 was not verified here: the SKB's days are listed; a Pemda that
//     learns otherwise adds or removes days in its configuration
//     (CalendarConfig.Holidays, CalendarConfig.WorkingDays).
//
// Years after 2026 have no built-in list: configure them. Days that fall on
// a weekend are listed for completeness; they change nothing.
var NationalHolidays = []Holiday{
	// 2024
	{"2024-01-01", "Tahun Baru 2024 Masehi"},
	{"2024-02-08", "Isra Mikraj Nabi Muhammad SAW"},
	{"2024-02-09", "Cuti bersama Tahun Baru Imlek"},
	{"2024-02-10", "Tahun Baru Imlek 2575 Kongzili"},
	{"2024-02-14", "Pemungutan suara Pemilu 2024"},
	{"2024-03-11", "Hari Suci Nyepi Tahun Baru Saka 1946"},
	{"2024-03-12", "Cuti bersama Hari Suci Nyepi"},
	{"2024-03-29", "Wafat Isa Almasih"},
	{"2024-03-31", "Hari Paskah"},
	{"2024-04-08", "Cuti bersama Idul Fitri 1445 H"},
	{"2024-04-09", "Cuti bersama Idul Fitri 1445 H"},
	{"2024-04-10", "Hari Raya Idul Fitri 1445 H"},
	{"2024-04-11", "Hari Raya Idul Fitri 1445 H"},
	{"2024-04-12", "Cuti bersama Idul Fitri 1445 H"},
	{"2024-04-15", "Cuti bersama Idul Fitri 1445 H"},
	{"2024-05-01", "Hari Buruh Internasional"},
	{"2024-05-09", "Kenaikan Isa Almasih"},
	{"2024-05-10", "Cuti bersama Kenaikan Isa Almasih"},
	{"2024-05-23", "Hari Raya Waisak 2568 BE"},
	{"2024-05-24", "Cuti bersama Hari Raya Waisak"},
	{"2024-06-01", "Hari Lahir Pancasila"},
	{"2024-06-17", "Hari Raya Idul Adha 1445 H"},
	{"2024-06-18", "Cuti bersama Idul Adha 1445 H"},
	{"2024-07-07", "Tahun Baru Islam 1446 H"},
	{"2024-08-17", "Hari Kemerdekaan Republik Indonesia"},
	{"2024-09-16", "Maulid Nabi Muhammad SAW"},
	{"2024-11-27", "Pemungutan suara Pilkada serentak 2024"},
	{"2024-12-25", "Hari Raya Natal"},
	{"2024-12-26", "Cuti bersama Hari Raya Natal"},
	// 2025
	{"2025-01-01", "Tahun Baru 2025 Masehi"},
	{"2025-01-27", "Isra Mikraj Nabi Muhammad SAW"},
	{"2025-01-28", "Cuti bersama Tahun Baru Imlek"},
	{"2025-01-29", "Tahun Baru Imlek 2576 Kongzili"},
	{"2025-03-28", "Cuti bersama Hari Suci Nyepi"},
	{"2025-03-29", "Hari Suci Nyepi Tahun Baru Saka 1947"},
	{"2025-03-31", "Hari Raya Idul Fitri 1446 H"},
	{"2025-04-01", "Hari Raya Idul Fitri 1446 H"},
	{"2025-04-02", "Cuti bersama Idul Fitri 1446 H"},
	{"2025-04-03", "Cuti bersama Idul Fitri 1446 H"},
	{"2025-04-04", "Cuti bersama Idul Fitri 1446 H"},
	{"2025-04-07", "Cuti bersama Idul Fitri 1446 H"},
	{"2025-04-18", "Wafat Yesus Kristus"},
	{"2025-04-20", "Kebangkitan Yesus Kristus (Paskah)"},
	{"2025-05-01", "Hari Buruh Internasional"},
	{"2025-05-12", "Hari Raya Waisak 2569 BE"},
	{"2025-05-13", "Cuti bersama Hari Raya Waisak"},
	{"2025-05-29", "Kenaikan Yesus Kristus"},
	{"2025-05-30", "Cuti bersama Kenaikan Yesus Kristus"},
	{"2025-06-01", "Hari Lahir Pancasila"},
	{"2025-06-06", "Hari Raya Idul Adha 1446 H"},
	{"2025-06-09", "Cuti bersama Idul Adha 1446 H"},
	{"2025-06-27", "Tahun Baru Islam 1447 H"},
	{"2025-08-17", "Proklamasi Kemerdekaan"},
	{"2025-08-18", "Cuti bersama HUT ke-80 Kemerdekaan RI"},
	{"2025-09-05", "Maulid Nabi Muhammad SAW"},
	{"2025-12-25", "Kelahiran Yesus Kristus"},
	{"2025-12-26", "Cuti bersama Kelahiran Yesus Kristus"},
	// 2026
	{"2026-01-01", "Tahun Baru 2026 Masehi"},
	{"2026-01-16", "Isra Mikraj Nabi Muhammad SAW"},
	{"2026-02-16", "Cuti bersama Tahun Baru Imlek"},
	{"2026-02-17", "Tahun Baru Imlek 2577 Kongzili"},
	{"2026-03-18", "Cuti bersama Hari Suci Nyepi"},
	{"2026-03-19", "Hari Suci Nyepi Tahun Baru Saka 1948"},
	{"2026-03-20", "Cuti bersama Idul Fitri 1447 H"},
	{"2026-03-21", "Hari Raya Idul Fitri 1447 H"},
	{"2026-03-22", "Hari Raya Idul Fitri 1447 H"},
	{"2026-03-23", "Cuti bersama Idul Fitri 1447 H"},
	{"2026-03-24", "Cuti bersama Idul Fitri 1447 H"},
	{"2026-04-03", "Wafat Yesus Kristus"},
	{"2026-04-05", "Kebangkitan Yesus Kristus (Paskah)"},
	{"2026-05-01", "Hari Buruh Internasional"},
	{"2026-05-14", "Kenaikan Yesus Kristus"},
	{"2026-05-15", "Cuti bersama Kenaikan Yesus Kristus"},
	{"2026-05-27", "Hari Raya Idul Adha 1447 H"},
	{"2026-05-28", "Cuti bersama Idul Adha 1447 H"},
	{"2026-05-31", "Hari Raya Waisak 2570 BE"},
	{"2026-06-01", "Hari Lahir Pancasila"},
	{"2026-06-16", "Tahun Baru Islam 1448 H"},
	{"2026-08-17", "Proklamasi Kemerdekaan"},
	{"2026-08-25", "Maulid Nabi Muhammad SAW"},
	{"2026-12-24", "Cuti bersama Kelahiran Yesus Kristus"},
	{"2026-12-25", "Kelahiran Yesus Kristus"},
}

// Validate checks the configured dates.
func (c CalendarConfig) Validate() error {
	for i, h := range c.Holidays {
		if _, err := parseDay(h.Date); err != nil {
			return fmt.Errorf("analytics.calendar.holidays[%d]: date %q: want YYYY-MM-DD", i, h.Date)
		}
	}
	for i, d := range c.WorkingDays {
		if _, err := parseDay(d); err != nil {
			return fmt.Errorf("analytics.calendar.working_days[%d]: %q: want YYYY-MM-DD", i, d)
		}
	}
	return nil
}

// Calendar builds the working-day calendar the configuration describes.
func (c CalendarConfig) Calendar() (Calendar, error) {
	if err := c.Validate(); err != nil {
		return Calendar{}, err
	}
	cal := Calendar{holidays: map[string]string{}}
	if !c.NoNationalHolidays {
		for _, h := range NationalHolidays {
			cal.holidays[h.Date] = h.Name
		}
	}
	for _, h := range c.Holidays {
		d, _ := parseDay(h.Date)
		cal.holidays[d.Format(time.DateOnly)] = h.Name
	}
	for _, s := range c.WorkingDays {
		d, _ := parseDay(s)
		delete(cal.holidays, d.Format(time.DateOnly))
	}
	for k := range cal.holidays {
		d, _ := parseDay(k)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			cal.weekdayHolidays = append(cal.weekdayHolidays, k)
		}
	}
	sort.Strings(cal.weekdayHolidays)
	return cal, nil
}

func parseDay(s string) (time.Time, error) {
	return time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), WITA)
}

// Calendar says which days are working days: Monday to Friday (WITA)
// except holidays. Build it with CalendarConfig.Calendar.
type Calendar struct {
	holidays        map[string]string // YYYY-MM-DD → name, weekends included
	weekdayHolidays []string          // sorted, Monday–Friday only
}

// Holiday returns the name of the holiday on day d (its calendar date).
func (c Calendar) Holiday(d time.Time) (string, bool) {
	name, ok := c.holidays[d.Format(time.DateOnly)]
	return name, ok
}

// IsWorkingDay reports whether the calendar date of d is a working day.
func (c Calendar) IsWorkingDay(d time.Time) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, holiday := c.holidays[d.Format(time.DateOnly)]
	return !holiday
}

// WorkingDays counts the working days of p.
func (c Calendar) WorkingDays(p Period) int {
	n := 0
	for d := p.From; !d.After(p.To); d = d.AddDate(0, 0, 1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

// weekdayHolidaysIn are the holidays of p that fall on Monday–Friday, as
// YYYY-MM-DD, sorted: the {holidays:Array(Date32)} parameter of
// compliance_reported.sql.
func (c Calendar) weekdayHolidaysIn(p Period) []string {
	from, to := p.From.Format(time.DateOnly), p.To.Format(time.DateOnly)
	out := []string{}
	for _, h := range c.weekdayHolidays {
		if h >= from && h <= to {
			out = append(out, h)
		}
	}
	return out
}

// holidayCounts is the {holiday_count:Array(UInt16)} parameter of
// compliance_reports.sql: element k (0-based) is the number of
// Monday–Friday holidays from the day from up to the day from − 1 + k, so
// element 0 is 0; the array runs to the later of to and the last holiday
// the calendar knows. With it the engine computes working-day numbers by
// lookup instead of scanning the holiday list for every report.
func (c Calendar) holidayCounts(from, to time.Time) []int {
	end := to
	if n := len(c.weekdayHolidays); n > 0 {
		if last, _ := parseDay(c.weekdayHolidays[n-1]); last.After(end) {
			end = last
		}
	}
	days := (Period{From: from, To: end}).Days()
	out := make([]int, 1, days+1)
	key := from.Format(time.DateOnly)
	i := sort.SearchStrings(c.weekdayHolidays, key)
	count := 0
	for d := from; !d.After(end); d = d.AddDate(0, 0, 1) {
		if i < len(c.weekdayHolidays) && c.weekdayHolidays[i] == d.Format(time.DateOnly) {
			count++
			i++
		}
		out = append(out, count)
	}
	return out
}

// workdayNumber is the number of working days from 1900-01-01 (a Monday)
// up to and including d: the Go twin of the expression in
// compliance_reports.sql, so that a delay in working days is
// workdayNumber(submitted) − workdayNumber(activity).
func (c Calendar) workdayNumber(d time.Time) int {
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	n := int(day.Sub(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	weekdays := n/7*5 + min(n%7+1, 5)
	key := d.Format(time.DateOnly)
	holidays := sort.Search(len(c.weekdayHolidays), func(i int) bool { return c.weekdayHolidays[i] > key })
	return weekdays - holidays
}
