package migration

import (
	"strings"
	"testing"
	"time"
)

func TestAgeOf(t *testing.T) {
	janJul := Retention{Months: 12, CleanupMonths: []time.Month{time.January, time.July}}
	fin := utc(2025, 6, 10, 0, 0, 0)
	tests := []struct {
		name    string
		r       Retention
		fin     time.Time
		now     time.Time
		since   time.Time
		stale   bool
		overdue bool
		missed  time.Time
	}{
		{"fresh", janJul, fin, utc(2025, 12, 1, 0, 0, 0), utc(2026, 6, 10, 0, 0, 0), false, false, time.Time{}},
		{"a second before stale", janJul, fin, utc(2026, 6, 9, 23, 59, 59), utc(2026, 6, 10, 0, 0, 0), false, false, time.Time{}},
		{"stale at the boundary", janJul, fin, utc(2026, 6, 10, 0, 0, 0), utc(2026, 6, 10, 0, 0, 0), true, false, time.Time{}},
		{"stale during the clean-up month", janJul, fin, utc(2026, 7, 15, 0, 0, 0), utc(2026, 6, 10, 0, 0, 0), true, false, time.Time{}},
		{"last second of the clean-up month", janJul, fin, utc(2026, 7, 31, 23, 59, 59), utc(2026, 6, 10, 0, 0, 0), true, false, time.Time{}},
		{"overdue once July ends", janJul, fin, utc(2026, 8, 1, 0, 0, 0), utc(2026, 6, 10, 0, 0, 0), true, true, utc(2026, 7, 1, 0, 0, 0)},
		{"still overdue for July later", janJul, fin, utc(2027, 3, 1, 0, 0, 0), utc(2026, 6, 10, 0, 0, 0), true, true, utc(2026, 7, 1, 0, 0, 0)},
		{"stale inside a clean-up month counts for it", janJul, utc(2025, 7, 20, 8, 0, 0), utc(2026, 8, 1, 0, 0, 0), utc(2026, 7, 20, 8, 0, 0), true, true, utc(2026, 7, 1, 0, 0, 0)},
		{"stale on the last day of a clean-up month", janJul, utc(2025, 1, 31, 23, 0, 0), utc(2026, 2, 1, 0, 0, 0), utc(2026, 1, 31, 23, 0, 0), true, true, utc(2026, 1, 1, 0, 0, 0)},
		{"stale just after a clean-up month waits for the next", janJul, utc(2025, 8, 1, 0, 0, 0), utc(2027, 1, 31, 0, 0, 0), utc(2026, 8, 1, 0, 0, 0), true, false, time.Time{}},
		{"next clean-up month across the year", janJul, utc(2025, 8, 1, 0, 0, 0), utc(2027, 2, 1, 0, 0, 0), utc(2026, 8, 1, 0, 0, 0), true, true, utc(2027, 1, 1, 0, 0, 0)},
		{"only December", Retention{Months: 12, CleanupMonths: []time.Month{time.December}}, utc(2025, 1, 5, 0, 0, 0), utc(2026, 12, 31, 23, 59, 59), utc(2026, 1, 5, 0, 0, 0), true, false, time.Time{}},
		{"only December, overdue", Retention{Months: 12, CleanupMonths: []time.Month{time.December}}, utc(2025, 1, 5, 0, 0, 0), utc(2027, 1, 1, 0, 0, 0), utc(2026, 1, 5, 0, 0, 0), true, true, utc(2026, 12, 1, 0, 0, 0)},
		{"every month", Retention{Months: 1, CleanupMonths: []time.Month{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}}, utc(2026, 1, 15, 0, 0, 0), utc(2026, 3, 1, 0, 0, 0), utc(2026, 2, 15, 0, 0, 0), true, true, utc(2026, 2, 1, 0, 0, 0)},
		{"month-end clamping", Retention{Months: 1, CleanupMonths: []time.Month{time.March}}, utc(2026, 1, 31, 10, 0, 0), utc(2026, 2, 28, 10, 0, 0), utc(2026, 2, 28, 10, 0, 0), true, false, time.Time{}},
		{"month-end clamping, leap year", Retention{Months: 1, CleanupMonths: []time.Month{time.March}}, utc(2024, 1, 31, 10, 0, 0), utc(2024, 2, 29, 9, 0, 0), utc(2024, 2, 29, 10, 0, 0), false, false, time.Time{}},
		{"finalized in another zone counts in UTC", janJul, time.Date(2025, 6, 30, 23, 0, 0, 0, time.FixedZone("", -5*3600)), utc(2026, 8, 1, 0, 0, 0), utc(2026, 7, 1, 4, 0, 0), true, true, utc(2026, 7, 1, 0, 0, 0)},
		{"six months", Retention{Months: 6, CleanupMonths: []time.Month{time.January, time.July}}, utc(2025, 12, 31, 0, 0, 0), utc(2026, 8, 1, 0, 0, 0), utc(2026, 6, 30, 0, 0, 0), true, true, utc(2026, 7, 1, 0, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.r.AgeOf(tt.fin, tt.now)
			if !a.StaleSince.Equal(tt.since) || a.Stale != tt.stale || a.Overdue != tt.overdue || !a.MissedCleanup.Equal(tt.missed) {
				t.Errorf("AgeOf(%v, %v) = %+v; want StaleSince %v, Stale %v, Overdue %v, MissedCleanup %v",
					tt.fin, tt.now, a, tt.since, tt.stale, tt.overdue, tt.missed)
			}
		})
	}
}

func TestAddMonths(t *testing.T) {
	tests := []struct {
		t    time.Time
		n    int
		want time.Time
	}{
		{utc(2026, 1, 31, 0, 0, 0), 1, utc(2026, 2, 28, 0, 0, 0)},
		{utc(2024, 1, 31, 0, 0, 0), 1, utc(2024, 2, 29, 0, 0, 0)},
		{utc(2026, 1, 31, 13, 14, 15), 2, utc(2026, 3, 31, 13, 14, 15)},
		{utc(2026, 3, 31, 0, 0, 0), 1, utc(2026, 4, 30, 0, 0, 0)},
		{utc(2025, 8, 31, 0, 0, 0), 6, utc(2026, 2, 28, 0, 0, 0)},
		{utc(2024, 2, 29, 0, 0, 0), 12, utc(2025, 2, 28, 0, 0, 0)},
		{utc(2025, 12, 15, 6, 0, 0), 1, utc(2026, 1, 15, 6, 0, 0)},
		{utc(2025, 6, 10, 0, 0, 0), 12, utc(2026, 6, 10, 0, 0, 0)},
		{utc(2025, 6, 10, 0, 0, 0), 0, utc(2025, 6, 10, 0, 0, 0)},
		{utc(2026, 3, 31, 0, 0, 0), -1, utc(2026, 2, 28, 0, 0, 0)},
		{utc(2026, 1, 15, 0, 0, 0), 1200, utc(2126, 1, 15, 0, 0, 0)},
	}
	for _, tt := range tests {
		if got := addMonths(tt.t, tt.n); !got.Equal(tt.want) {
			t.Errorf("addMonths(%v, %d) = %v, want %v", tt.t, tt.n, got, tt.want)
		}
	}
}

func TestAgeText(t *testing.T) {
	base := utc(2025, 6, 10, 12, 0, 0)
	tests := []struct {
		t, now time.Time
		want   string
	}{
		{base, base, "0 days"},
		{base, base.Add(23 * time.Hour), "0 days"},
		{base, base.AddDate(0, 0, 1), "1 day"},
		{base, base.AddDate(0, 0, 20), "20 days"},
		{base, utc(2025, 7, 10, 12, 0, 0), "1 month"},
		{base, utc(2025, 7, 11, 12, 0, 0), "1 month 1 day"},
		{base, utc(2026, 6, 10, 12, 0, 0), "12 months"},
		{base, utc(2026, 8, 1, 0, 0, 0), "13 months 21 days"},
		{utc(2026, 1, 31, 0, 0, 0), utc(2026, 3, 1, 0, 0, 0), "1 month 1 day"},
		{utc(2026, 1, 31, 0, 0, 0), utc(2026, 3, 31, 0, 0, 0), "2 months"},
	}
	for _, tt := range tests {
		if got := AgeText(tt.t, tt.now); got != tt.want {
			t.Errorf("AgeText(%v, %v) = %q, want %q", tt.t, tt.now, got, tt.want)
		}
	}
}

func TestNow(t *testing.T) {
	tests := []struct {
		env  string
		want time.Time
		err  string
	}{
		{"2026-07-31T12:00:00Z", utc(2026, 7, 31, 12, 0, 0), ""},
		{"2026-07-31T12:00:00+02:00", utc(2026, 7, 31, 10, 0, 0), ""},
		{"2026-07-31T23:59:59.5Z", time.Date(2026, 7, 31, 23, 59, 59, 5e8, time.UTC), ""},
		{"2026-07-31", utc(2026, 7, 31, 0, 0, 0), ""},
		{"2024-02-29", utc(2024, 2, 29, 0, 0, 0), ""},
		{"31/07/2026", time.Time{}, `MIGLINT_NOW="31/07/2026" is neither RFC 3339 (2026-07-31T12:00:00Z) nor a date (2026-07-31)`},
		{"2026-07-31 12:00:00", time.Time{}, "is neither RFC 3339"},
		{"2026-02-30", time.Time{}, "is neither RFC 3339"},
		{"now", time.Time{}, `MIGLINT_NOW="now"`},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			t.Setenv(EnvNow, tt.env)
			got, err := Now()
			switch {
			case tt.err == "" && (err != nil || !got.Equal(tt.want)):
				t.Errorf("Now() = %v, %v; want %v", got, err, tt.want)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Errorf("Now() = %v, %v; want an error with %q", got, err, tt.err)
			}
		})
	}
	t.Run("unset", func(t *testing.T) {
		t.Setenv(EnvNow, "")
		before := time.Now()
		got, err := Now()
		if err != nil || got.Before(before.Add(-time.Second)) || got.After(time.Now().Add(time.Second)) || got.Location() != time.UTC {
			t.Errorf("Now() without %s = %v, %v; want the system clock in UTC", EnvNow, got, err)
		}
	})
}
