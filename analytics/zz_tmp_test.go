package analytics

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func BenchmarkZZASN(b *testing.B) {
	set := scaleDataset(b)
	ctx := context.Background()
	svc := New(set.db, "")
	q := ComplianceQuery{By: ByUnit, Period: bucket(Year, 2025, 1), ASNDaysOnly: true}
	for i := 0; i < 4; i++ {
		t0 := time.Now()
		if _, err := svc.complianceASN(ctx, q); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := svc.Compliance(ctx, q); err != nil {
			b.Fatal(err)
		}
		fmt.Fprintln(os.Stderr, "asn", t1.Sub(t0), "compliance", time.Since(t1))
	}
	cal, _ := svc.Config.Calendar.Calendar()
	p := q.params(cal)
	p["working_days"] = cal.WorkingDays(q.Period)
	full := mustSQL("compliance_asn_rollup.sql")
	// r RIGHT JOIN e: the hash table on e.
	es := strings.Index(full, "    FROM\n    (\n        SELECT emp.nip")
	ee := strings.Index(full, "    ) AS e\n") + len("    ) AS e\n")
	rs := strings.Index(full, "    LEFT JOIN\n    (\n        -- per NIP")
	re := strings.Index(full, "    ) AS r ON r.nip = e.nip\n") + len("    ) AS r ON r.nip = e.nip\n")
	eSub := full[es+len("    FROM\n") : ee]
	rSub := full[rs+len("    LEFT JOIN\n") : re-len(" ON r.nip = e.nip\n")]
	right := full[:es] + "    FROM\n" + rSub + "\n    RIGHT JOIN\n" + eSub + "    ON r.nip = e.nip\n" + full[re:]
	for _, name := range []string{"full", "right"} {
		sql := map[string]string{"full": full, "right": right}[name]
		for k := 0; k < 3; k++ {
			t0 := time.Now()
			rows, err2 := set.db.Query(ctx, sql, p)
			if err2 != nil {
				b.Fatal(name, err2, sql)
			}
			n := 0
			var sum uint64
			for rows.Next() {
				var code string
				var k, sx, sy, sxx, sxy, syy uint64
				rows.Scan(&code, &k, &sx, &sy, &sxx, &sxy, &syy)
				n++
				sum += k + sx + sy + sxx + sxy + syy
			}
			rows.Close()
			fmt.Fprintln(os.Stderr, name, time.Since(t0), n, sum)
		}
	}
}
