package main

import (
	"flag"
	"fmt"
	"strconv"
	"time"

	"kinerja/analytics"
)

// Helpers the analytics reports share: the configuration file and the
// year flag.

// analyticsConfigFlag adds --config (also KINERJA_CONFIG): a YAML file
// whose analytics: section sets the metrics' configurable values; empty
// means the documented defaults.
func analyticsConfigFlag(fs *flag.FlagSet) *string {
	return fs.String("config", "", "configuration file (YAML); its analytics: section sets the metrics' configurable values (default: the documented defaults)")
}

// analyticsService returns the analytics service over the configuration
// file named by path ("" = defaults). A file that cannot be read or that
// holds a bad value stops the report: it is the operator's to fix, and a
// silent fallback to defaults would print other numbers than configured.
func analyticsService(svc *analytics.Service, path string) (*analytics.Service, error) {
	if path == "" {
		return svc, nil
	}
	c, err := analytics.LoadConfig(path)
	if err != nil {
		return nil, fmt.Errorf("%w (fix the file named by --config)", err)
	}
	svc.Config = c
	return svc, nil
}

// lastEndedYear is the default year of the yearly staff reports: the last
// calendar year (WITA) that has ended, the first one whose annual SKP, JP
// and assessments are complete.
func lastEndedYear(now time.Time) int { return now.In(analytics.WITA).Year() - 1 }

// checkYear validates a --year value.
func checkYear(y int) error {
	if y < 1900 || y > 9999 {
		return fmt.Errorf("--year %d: want a year such as 2025", y)
	}
	return nil
}

// shareCell writes a share 0–1: a percentage with one decimal in the table
// view (66,7 %), the fraction with 4 decimals in csv.
func shareCell(v analytics.Dec4, human bool) string {
	if human {
		return fmtDec(float64(v)*100, 1) + " %"
	}
	return strconv.FormatFloat(float64(v), 'f', 4, 64)
}

// numCell writes a number with d decimals, the Indonesian way in the table.
func numCell(v float64, d int, human bool) string {
	if human {
		return fmtDec(v, d)
	}
	return strconv.FormatFloat(v, 'f', d, 64)
}

func countCell(v uint64) string { return strconv.FormatUint(v, 10) }
