package main

import "time"

// What the tests read of miglint status --json, decoded by its documented
// field names as a script of a user's would (the command itself is in
// cmd/miglint-aws).

type statusRow struct {
	Migration string      `json:"migration"`
	InTree    bool        `json:"in_work_tree"`
	Pending   bool        `json:"pending"`
	Runs      []statusRun `json:"runs"`
}

type statusRun struct {
	Env             string          `json:"env"`
	Segment         int             `json:"segment"`
	Run             int64           `json:"run"`
	State           string          `json:"state"`
	Start           time.Time       `json:"start"`
	End             *time.Time      `json:"end,omitempty"`
	ExitCode        *int            `json:"exit_code"`
	User            string          `json:"user"`
	Host            string          `json:"host"`
	PID             int             `json:"pid"`
	Hash            string          `json:"hash"`
	Commit          string          `json:"commit,omitempty"`
	SkipDryRun      string          `json:"skip_dry_run,omitempty"`
	MatchesWorkTree *bool           `json:"matches_work_tree"`
	Segments        *statusSegments `json:"segments,omitempty"`
	SegmentRuns     []statusRun     `json:"segment_runs,omitempty"`
}

type statusSegments struct {
	Total       int   `json:"total"`
	Succeeded   int   `json:"succeeded"`
	Failed      []int `json:"failed"`
	Interrupted []int `json:"interrupted"`
	Running     []int `json:"running"`
	NotRun      []int `json:"not_run"`
}
