package migration

import (
	"fmt"
	"os"
	"time"

	"github.com/miglint/miglint/internal/text"
)

// EnvNow overrides the clock: RFC 3339 or YYYY-MM-DD (midnight UTC).
const EnvNow = "MIGLINT_NOW"

// Now returns the present: MIGLINT_NOW if set, else the system clock.
func Now() (time.Time, error) {
	v := os.Getenv(EnvNow)
	if v == "" {
		return time.Now().UTC(), nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%s=%q is neither RFC 3339 (2026-07-31T12:00:00Z) nor a date (2026-07-31)", EnvNow, v)
}

// Retention is the policy of how long migrations stay: stale after Months,
// deleted in bulk in the clean-up months.
type Retention struct {
	Months        int
	CleanupMonths []time.Month // sorted, non-empty
}

// Age describes where a finalized migration stands at some moment.
type Age struct {
	StaleSince time.Time // when it became stale (it may still be in the future)
	Stale      bool
	// Overdue is set when a clean-up month ended after StaleSince and
	// before now: that clean-up should have deleted it. MissedCleanup is
	// the first day of that month (UTC).
	Overdue       bool
	MissedCleanup time.Time
}

// AgeOf computes the age of a migration finalized at fin, at now.
func (r Retention) AgeOf(fin, now time.Time) Age {
	a := Age{StaleSince: addMonths(fin.UTC(), r.Months)}
	a.Stale = !now.Before(a.StaleSince)
	if !a.Stale {
		return a
	}
	// The first clean-up month whose end falls at or after StaleSince.
	m := time.Date(a.StaleSince.Year(), a.StaleSince.Month(), 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 12 && len(r.CleanupMonths) > 0; i++ {
		if r.isCleanup(m.Month()) {
			if end := m.AddDate(0, 1, 0); !end.After(now) {
				a.Overdue, a.MissedCleanup = true, m
			}
			break
		}
		m = m.AddDate(0, 1, 0)
	}
	return a
}

func (r Retention) isCleanup(m time.Month) bool {
	for _, c := range r.CleanupMonths {
		if c == m {
			return true
		}
	}
	return false
}

// addMonths adds n calendar months to t, clamping the day to the end of
// the target month (Jan 31 + 1 month is Feb 28 or 29, not Mar 3).
func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	if last := first.AddDate(0, 1, -1).Day(); d > last {
		d = last
	}
	return first.AddDate(0, 0, d-1)
}

// AgeText says how long ago t was, in whole months and days.
func AgeText(t, now time.Time) string {
	months := 0
	for !addMonths(t, months+1).After(now) {
		months++
	}
	days := int(now.Sub(addMonths(t, months)).Hours() / 24)
	switch {
	case months == 0:
		return text.Plural(days, "day")
	case days == 0:
		return text.Plural(months, "month")
	}
	return text.Plural(months, "month") + " " + text.Plural(days, "day")
}
