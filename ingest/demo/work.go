package demo

import "strings"

// workProfile is how a unit works, beyond its SKM: reporting discipline,
// how fast its heads approve, competency gaps, training culture. Like the
// survey profile it is part of the story and does not depend on the seed.
// The weak units are the same throughout: the remote offices, the uji KIR
// and Dinas Sosial services whose SKM is weak on U6 and U7 are also where
// reports come late, approvals wait and competency gaps concentrate.
type workProfile struct {
	compliance    float64 // share of working days an average employee reports
	lateShare     float64 // share of reports submitted after the next day
	approvalHours float64 // median hours from submission to review
	neverReviewed float64 // share of reports the supervisor never opens
	returnRate    float64 // share of reviewed reports sent back
	gap           float64 // 0 normal … 1 strong competency gaps
	training      float64 // yearly e-learning courses per employee
	perf          float64 // shift of the latent performance of its staff
}

// weakUnits are where the story puts discipline and competency problems.
var weakUnits = map[string]bool{
	"DINKES-PKM-KALUMPANG": true, "DINKES-PKM-BALA-BALAKANG": true, "DINKES-PKM-BONEHAU": true,
	"KEC-76.02.04-KANTOR": true, "KEC-76.02.15-KANTOR": true, "KEC-76.02.16-KANTOR": true,
	"DISHUB-PKB": true, "DINSOS-LINJAMSOS": true, "SATPOLPP-TRANTIB": true,
}

// diligentAgencies report on time and approve within hours.
var diligentAgencies = map[string]bool{
	"BKPSDM": true, "BAPPEDA": true, "INSPEKTORAT": true, "DPMPTSP": true, "DISDUKCAPIL": true, "DISKOMINFO": true,
}

func workProfileOf(u *Unit) workProfile {
	j := func(s string) float64 { return jitter(u.Code, "work", s) }
	p := workProfile{
		compliance:    0.84 + 0.07*j("c"),
		lateShare:     0.18 + 0.06*j("l"),
		approvalHours: 10 * (1 + 0.5*j("a")),
		neverReviewed: 0.01,
		returnRate:    0.025,
		gap:           0.25 + 0.2*j("g"),
		training:      1.0 + 0.3*j("t"),
		perf:          0.15 * j("p"),
	}
	remoteSchool := u.Kind == KindSekolah && (strings.Contains(u.Code, "-KALUMPANG-") || strings.Contains(u.Code, "-BONEHAU-") || strings.Contains(u.Code, "-BALA-BALAKANG-"))
	weak := weakUnits[u.Code] || remoteSchool
	switch {
	case weak:
		p.compliance, p.lateShare, p.approvalHours = 0.55+0.05*j("c"), 0.45, 70
		p.neverReviewed, p.returnRate = 0.06, 0.06
		p.gap, p.training, p.perf = 0.9, 0.3, -0.5
	case diligentAgencies[u.AgencyCode]:
		p.compliance, p.lateShare, p.approvalHours = 0.94, 0.06, 3
		p.gap = 0.1
		p.training, p.perf = 2.2, 0.3
	}
	// Health workers and teachers collect JP on their sector platforms
	// (Plataran Sehat, Platform Merdeka Mengajar); auditors and planners
	// have their own mandatory training.
	switch u.family {
	case "nakes", "nakes_rs", "guru_sd", "guru_smp", "auditor", "planner", "hr":
		if !weak && p.training < 2 {
			p.training += 1.4
		}
	case "satpol":
		p.training = 0.4
	}
	if u.Kind == KindKecamatan || u.Kind == KindKelurahan {
		p.training = min(p.training, 0.5)
	}
	return p
}
