package ingest

import (
	"fmt"
	"strings"
	"time"
)

// NIP checks (domain.md §5). A NIP is 18 digits; spaces between its
// groups ("19810626 200912 1 003", as it is printed) are removed.
//
//   - PNS: YYYYMMDD birth date, YYYYMM of the CPNS appointment, gender
//     digit (1 male, 2 female), 3-digit sequence.
//   - PPPK (NI PPPK): YYYYMMDD birth date, YYYY year of appointment, a
//     2-digit code (21 in practice; not checked further), gender digit,
//     3-digit sequence.
//
// Impossible parts make a NIP invalid: a birth date that does not exist,
// lies in the future or before 1900; an appointment month outside 01–12,
// before the 18th birthday (PPPK: by year) or more than a year ahead; a
// PPPK appointment before 2019 (PPPK exist since PP 49/2018); a gender
// digit other than 1 or 2; sequence 000. A NIP typed into Excel as a
// number keeps 15 digits ("1.98106262009121E+17", or a sequence of 000):
// the reason says to format the column as text.
//
// Where the employee type is not known (reviewer, evaluator, trainee), a
// NIP whose appointment month is 01–12 is checked as PNS, any other as PPPK.

// nipType is what layout a NIP is checked against.
type nipType int

const (
	nipAny nipType = iota
	nipPNS
	nipPPPK
)

// nipInfo is what a valid NIP says.
type nipInfo struct {
	nip    string    // the 18 digits
	birth  time.Time // 00:00 UTC
	female bool
	pppk   bool
}

// firstPPPKYear is the first year PPPK could be appointed.
const firstPPPKYear = 2019

// parseNIP checks s as a NIP of type typ; the reasons say what is wrong.
func parseNIP(s string, typ nipType, now time.Time) (nipInfo, string, string) {
	return parseNIPAt(s, typ, clockAt(now))
}

// parseNIPAt is parseNIP with now's calendar computed once.
func parseNIPAt(s string, typ nipType, now clock) (nipInfo, string, string) {
	v := strings.TrimSpace(s)
	if len(v) != 18 || !allDigits(v) {
		return parseOddNIP(v, typ, now)
	}
	return checkNIP(v, typ, now)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseOddNIP handles a NIP that is not 18 digits as it stands: Excel's
// number, spaces between the groups, or a wrong value.
func parseOddNIP(v string, typ nipType, now clock) (nipInfo, string, string) {
	if strings.ContainsAny(v, "Ee") && strings.Contains(v, "+") {
		return nipInfo{}, "NIP tersimpan sebagai angka di Excel dan kehilangan digit terakhirnya (" + quote(v) + "); format kolom NIP sebagai Teks dan ketik ulang",
			"the NIP was stored as a number in Excel and lost its last digits (" + quote(v) + "); format the NIP column as Text and enter it again"
	}
	if strings.ContainsAny(v, " \u00a0") {
		v = strings.NewReplacer(" ", "", "\u00a0", "").Replace(v)
	}
	if len(v) != 18 {
		return nipInfo{}, fmt.Sprintf("NIP harus 18 digit, ditemukan %d karakter %s", len([]rune(v)), quote(v)),
			fmt.Sprintf("a NIP has 18 digits, got %d characters %s", len([]rune(v)), quote(v))
	}
	if !allDigits(v) {
		return nipInfo{}, fmt.Sprintf("NIP hanya berisi angka, ditemukan %s", quote(v)),
			fmt.Sprintf("a NIP holds digits only, got %s", quote(v))
	}
	return checkNIP(v, typ, now)
}

// checkNIP checks the parts of 18 digits.
func checkNIP(v string, typ nipType, now clock) (nipInfo, string, string) {
	by, _ := digits(v[0:4])
	bm, _ := digits(v[4:6])
	bd, _ := digits(v[6:8])
	if !validYMD(by, bm, bd) {
		return nipInfo{}, fmt.Sprintf("NIP %s: tanggal lahir %s-%s-%s tidak ada", v, v[0:4], v[4:6], v[6:8]),
			fmt.Sprintf("NIP %s: the birth date %s-%s-%s does not exist", v, v[0:4], v[4:6], v[6:8])
	}
	birth := time.Date(by, time.Month(bm), bd, 0, 0, 0, 0, time.UTC)
	if by < 1900 || birth.After(now.today) {
		return nipInfo{}, fmt.Sprintf("NIP %s: tanggal lahir %s tidak mungkin", v, birth.Format("2006-01-02")),
			fmt.Sprintf("NIP %s: the birth date %s is impossible", v, birth.Format("2006-01-02"))
	}
	g := v[14]
	if g != '1' && g != '2' {
		return nipInfo{}, fmt.Sprintf("NIP %s: digit jenis kelamin (ke-15) harus 1 (laki-laki) atau 2 (perempuan), ditemukan %c", v, g),
			fmt.Sprintf("NIP %s: the gender digit (15th) must be 1 (male) or 2 (female), got %c", v, g)
	}
	if v[15:] == "000" {
		return nipInfo{}, fmt.Sprintf("NIP %s: nomor urut 000 tidak ada (NIP yang tersimpan sebagai angka di Excel kehilangan 3 digit terakhirnya; format kolom sebagai Teks)", v),
			fmt.Sprintf("NIP %s: sequence 000 does not exist (a NIP stored as a number in Excel loses its last 3 digits; format the column as Text)", v)
	}
	info := nipInfo{nip: v, birth: birth, female: g == '2'}
	ay, _ := digits(v[8:12])
	am, _ := digits(v[12:14])
	nowY, nowM := now.year, now.month
	if typ == nipAny {
		typ = nipPNS
		if am < 1 || am > 12 {
			typ = nipPPPK
		}
	}
	if typ == nipPPPK {
		info.pppk = true
		switch {
		case ay < firstPPPKYear:
			return nipInfo{}, fmt.Sprintf("NI PPPK %s: tahun pengangkatan %d sebelum PPPK ada (%d)", v, ay, firstPPPKYear),
				fmt.Sprintf("NI PPPK %s: year of appointment %d is before PPPK existed (%d)", v, ay, firstPPPKYear)
		case ay > nowY+1:
			return nipInfo{}, fmt.Sprintf("NI PPPK %s: tahun pengangkatan %d di masa depan", v, ay),
				fmt.Sprintf("NI PPPK %s: year of appointment %d is in the future", v, ay)
		case ay-by < 17:
			return nipInfo{}, fmt.Sprintf("NI PPPK %s: diangkat %d pada usia sekitar %d tahun", v, ay, ay-by),
				fmt.Sprintf("NI PPPK %s: appointed in %d at about %d years of age", v, ay, ay-by)
		}
		return info, "", ""
	}
	if am < 1 || am > 12 {
		reason := fmt.Sprintf("NIP %s: bulan pengangkatan CPNS %s tidak ada", v, v[12:14])
		reasonEN := fmt.Sprintf("NIP %s: the CPNS appointment month %s does not exist", v, v[12:14])
		if ay >= firstPPPKYear && ay <= nowY+1 {
			reason += " (susunannya seperti NI PPPK: apakah employee_type seharusnya PPPK?)"
			reasonEN += " (it is laid out like an NI PPPK: should employee_type be PPPK?)"
		}
		return nipInfo{}, reason, reasonEN
	}
	months := (ay*12 + am) - (by*12 + bm)
	switch {
	case ay*12+am > nowY*12+int(nowM)+12:
		return nipInfo{}, fmt.Sprintf("NIP %s: pengangkatan CPNS %s-%s lebih dari setahun di masa depan", v, v[8:12], v[12:14]),
			fmt.Sprintf("NIP %s: the CPNS appointment %s-%s is more than a year ahead", v, v[8:12], v[12:14])
	case months < 18*12-1:
		return nipInfo{}, fmt.Sprintf("NIP %s: pengangkatan CPNS %s-%s sebelum usia 18 tahun (lahir %s)", v, v[8:12], v[12:14], birth.Format("2006-01-02")),
			fmt.Sprintf("NIP %s: the CPNS appointment %s-%s is before the 18th birthday (born %s)", v, v[8:12], v[12:14], birth.Format("2006-01-02"))
	}
	return info, "", ""
}

// nip parses a NIP cell of type typ; empty fails when required.
func (c *rowCheck) nip(i int, name string, typ nipType, required bool) (nipInfo, bool) {
	v := strings.TrimSpace(c.get(i))
	if v == "" {
		if required {
			c.fail(name, v, name+": wajib diisi (NIP 18 digit)", name+": required (an 18-digit NIP), the cell is empty")
		}
		return nipInfo{}, false
	}
	info, reason, reasonEN := parseNIPAt(v, typ, c.clock)
	if reason != "" {
		c.fail(name, v, name+": "+reason, name+": "+reasonEN)
		return nipInfo{}, false
	}
	return info, true
}
