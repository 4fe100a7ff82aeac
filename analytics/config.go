package analytics

// Config is the analytics part of the configuration file (kinerja.yaml,
// section `analytics:`). Every value the regulations in domain.md do not
// fix lives here, documented, with the default stated next to it; nothing of
// the kind is invented in code.
type Config struct {
	// Calendar decides which days are working days (activity-report
	// compliance): Monday–Friday in WITA minus holidays.
	Calendar CalendarConfig `yaml:"calendar"`
	// IPASN holds the instrument values of the ASN professionalism index
	// (PermenPANRB 38/2018, Peraturan BKN 8/2019) not listed in domain.md.
	IPASN IPASNConfig `yaml:"ip_asn"`
	// Needs weighs the training-needs priority score.
	Needs NeedsConfig `yaml:"needs"`
}

// CalendarConfig: see Config.Calendar. (Filled by the compliance metric.)
type CalendarConfig struct{}

// IPASNConfig: see Config.IPASN. (Filled by the IP ASN metric.)
type IPASNConfig struct{}

// NeedsConfig: see Config.Needs. (Filled by the training-needs metric.)
type NeedsConfig struct{}
