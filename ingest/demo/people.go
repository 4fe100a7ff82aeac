package demo

import (
	"math/rand/v2"
	"strings"
)

// Invented Indonesian names as they are written on Mamuju's staff lists:
// Mandar and Bugis names (Andi for Bugis nobility), Toraja Christian names
// with family names, Javanese names of transmigrant families, with the
// academic titles of the person's education and profession ("Nurhayati,
// S.Kep., Ns.", "dr. Muh. Ridwan, M.Kes.", "Drs." is long gone).

var (
	maleMuslim = []string{
		"Muhammad", "Muh.", "Ahmad", "Abdul", "Arifin", "Asri", "Aswar", "Baharuddin", "Burhanuddin",
		"Darwis", "Fadli", "Firman", "Hamzah", "Haerul", "Hasrul", "Ilham", "Irfan", "Irwan",
		"Jamaluddin", "Kamaruddin", "Mansur", "Muhlis", "Nasrullah", "Rahmat", "Ridwan", "Rusdi",
		"Saharuddin", "Syahrir", "Syamsuddin", "Taufik", "Usman", "Zulkifli", "Akbar", "Amiruddin",
		"Anwar", "Arman", "Basri", "Darmawan", "Ismail", "Jufri", "Khaerul", "Mursalim", "Nurdin",
		"Sahabuddin", "Suardi", "Sudirman", "Wahyudi", "Marzuki", "Hendra", "Sukri", "Ardiansyah",
	}
	maleMuslim2 = []string{
		"Arsyad", "Amir", "Basir", "Latif", "Tahir", "Saleh", "Hamid", "Rasyid", "Yusuf", "Idris",
		"Syarif", "Salam", "Rahman", "Karim", "Ramli", "Halim", "Mustari", "Jafar", "Kasim", "Naim",
	}
	femaleMuslim = []string{
		"Nurhayati", "Hasnawati", "Hasmawati", "Jumriah", "Sitti Rahmah", "Sitti Aisyah", "Nurlina",
		"Nurjannah", "Rahmawati", "Sumarni", "Suriani", "Marlina", "Fatmawati", "Hasnah", "Irmawati",
		"Kartini", "Musdalifah", "Nurul Hikmah", "Rosmini", "St. Hadijah", "Wahida", "Yusniar",
		"Ernawati", "Fitriani", "Hartati", "Herlina", "Ismawati", "Juliana", "Mardiana", "Nasrah",
		"Nur Aeni", "Rusmiati", "Sahriah", "Asmawati", "Darmawati", "Hijrah", "Nurfadilah",
		"Ramlah", "Sukmawati", "Syamsiah",
	}
	bugisNoble     = []string{"Baso", "Tenri", "Nurul", "Muh. Fadli", "Sitti", "Amiruddin", "Tenriola", "Iskandar", "Ummu", "Fitri"}
	maleToraja     = []string{"Yohanis", "Daniel", "Yakobus", "Marthen", "Petrus", "Simon", "Agustinus", "Paulus", "Samuel", "Frans", "Markus", "Obed", "Elias", "Natan"}
	femaleToraja   = []string{"Ruth", "Agustina", "Maria", "Yuliana", "Debora", "Martha", "Selfiana", "Lince", "Ester", "Dorkas", "Yohana", "Meilani"}
	torajaFamily   = []string{"Pasulu", "Tandirerung", "Sampe", "Palinggi", "Rante", "Pakiding", "Tangdilintin", "Rombe", "Parura", "Sarungallo", "Tandilino", "Allo", "Tiku", "Bokko", "Lotong", "Pata'dungan", "Sule", "Kala'lembang"}
	maleJava       = []string{"Budi", "Eko", "Agus", "Joko", "Bambang", "Slamet", "Teguh", "Dwi", "Heru", "Sugeng", "Wahyu", "Yudi"}
	femaleJava     = []string{"Sri", "Siti", "Dwi", "Endang", "Rini", "Tri", "Wulan", "Puji", "Retno", "Eka", "Yuli"}
	maleJavaLast   = []string{"Santoso", "Prasetyo", "Setiawan", "Susilo", "Hermanto", "Riyadi", "Wibowo", "Cahyono", "Purnomo", "Widodo", "Nugroho", "Saputro"}
	femaleJavaLast = []string{"Lestari", "Wahyuni", "Rahayu", "Handayani", "Astuti", "Wulandari", "Sulistyowati", "Hidayah", "Rahmawati", "Susanti", "Ningsih"}
)

// personName draws a full name without titles.
func personName(r *rand.Rand, female bool) string {
	one := func(l []string) string { return l[r.IntN(len(l))] }
	switch x := r.Float64(); {
	case x < 0.62: // Mandar, Bugis, Makassar
		var n string
		if female {
			n = one(femaleMuslim)
		} else {
			n = one(maleMuslim)
			if chance(r, 0.55) {
				n += " " + one(maleMuslim2)
			}
		}
		if chance(r, 0.08) {
			n = "Andi " + one(bugisNoble) + " " + strings.SplitN(n, " ", 2)[0]
		}
		return n
	case x < 0.82: // Toraja
		if female {
			return one(femaleToraja) + " " + one(torajaFamily)
		}
		return one(maleToraja) + " " + one(torajaFamily)
	default: // Javanese
		if female {
			return one(femaleJava) + " " + one(femaleJavaLast)
		}
		return one(maleJava) + " " + one(maleJavaLast)
	}
}

// titled adds the academic titles for the person's education and title
// kind (see jobDef.title).
func titled(r *rand.Rand, name, kind, family, edu string) string {
	one := func(l ...string) string { return l[r.IntN(len(l))] }
	pre, post := "", ""
	s2 := func(h string) string {
		if edu == "S2" || edu == "S3" {
			return ", " + h
		}
		return ""
	}
	switch kind {
	case "dokter":
		pre, post = "dr. ", s2(one("M.Kes.", "M.K.M."))
		if strings.HasPrefix(family, "nakes_rs") && chance(r, 0.3) {
			post = ", " + one("Sp.PD.", "Sp.A.", "Sp.OG.", "Sp.B.", "Sp.An.")
		}
	case "drg":
		pre, post = "drg. ", s2("M.Kes.")
	case "apoteker":
		pre, post = "apt. ", ", S.Farm."+s2("M.Farm.")
	case "guru":
		switch edu {
		case "D4", "S1":
			post = ", " + one("S.Pd.", "S.Pd.", "S.Pd.", "S.Pd.I.", "S.Si.")
		case "S2", "S3":
			post = ", S.Pd., M.Pd."
		case "D3", "D2":
			post = ", A.Ma.Pd."
		}
	case "perawat":
		switch edu {
		case "D3":
			post = ", A.Md.Kep."
		case "S1", "D4":
			post = ", S.Kep., Ns."
		case "S2":
			post = ", S.Kep., Ns., M.Kep."
		}
	case "bidan":
		switch edu {
		case "D3":
			post = ", A.Md.Keb."
		case "D4":
			post = ", S.Tr.Keb."
		case "S1":
			post = ", S.Keb., Bd."
		case "S2":
			post = ", S.ST., M.Keb."
		}
	case "kesmas":
		switch edu {
		case "D3":
			post = ", " + one("A.Md.KL.", "A.Md.Gz.", "A.Md.AK.", "A.Md.Farm.")
		case "D4":
			post = ", " + one("S.Tr.Kes.", "S.Tr.AK.")
		case "S1":
			post = ", " + one("S.KM.", "S.KM.", "S.Gz.", "S.Farm.")
		case "S2":
			post = ", S.KM., M.Kes."
		}
	default:
		var s1, m []string
		switch family {
		case "finance":
			s1, m = []string{"S.E.", "S.Ak."}, []string{"M.Ak.", "M.M."}
		case "hr":
			s1, m = []string{"S.Sos.", "S.AP.", "S.Psi."}, []string{"M.Si.", "M.AP."}
		case "teknik":
			s1, m = []string{"S.T.", "S.T.", "S.Si."}, []string{"M.T."}
		case "it":
			s1, m = []string{"S.Kom.", "S.T."}, []string{"M.Kom.", "M.T."}
		case "planner":
			s1, m = []string{"S.E.", "S.T.", "S.P.", "S.Si."}, []string{"M.Si.", "M.Ec.Dev."}
		case "auditor":
			s1, m = []string{"S.E.", "S.Ak.", "S.H."}, []string{"M.Ak.", "M.H."}
		case "satpol":
			s1, m = []string{"S.H.", "S.Sos."}, []string{"M.H.", "M.Si."}
		case "pustaka":
			s1, m = []string{"S.IP.", "S.Hum."}, []string{"M.Hum."}
		case "perizinan":
			s1, m = []string{"S.H.", "S.E.", "S.AP."}, []string{"M.H.", "M.M."}
		case "dukcapil":
			s1, m = []string{"S.Kom.", "S.Sos.", "S.AP."}, []string{"M.Si."}
		case "guru_sd", "guru_smp":
			s1, m = []string{"S.Pd."}, []string{"M.Pd."}
		case "nakes", "nakes_rs":
			s1, m = []string{"S.KM.", "S.Kep., Ns."}, []string{"M.Kes."}
		default:
			s1, m = []string{"S.E.", "S.Sos.", "S.AP.", "S.IP.", "S.H.", "S.Kom."}, []string{"M.Si.", "M.AP.", "M.M."}
		}
		switch edu {
		case "D1", "D2":
			post = ", A.Ma."
		case "D3":
			post = ", A.Md."
		case "D4":
			post = ", S.Tr.AP."
		case "S1":
			post = ", " + one(s1...)
		case "S2":
			post = ", " + one(s1...) + ", " + one(m...)
		case "S3":
			pre, post = "Dr. ", ", "+one(s1...)+", "+one(m...)
		}
	}
	return pre + name + post
}
