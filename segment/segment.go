// Package segment tells a migration which part of a table it scans when
// it runs as one of several processes: an AWS Batch array child, or one
// of the children of miglint run --segments.
//
// DynamoDB splits a table for a parallel scan: a Scan with Segment I and
// TotalSegments N reads the I-th of N disjoint parts, and the N parts
// together hold every item exactly once. AWS Batch numbers the children
// of an array job with AWS_BATCH_JOB_ARRAY_INDEX; miglint batch and
// miglint run --segments also set MIGLINT_TOTAL_SEGMENTS to the size of
// the array. FromEnv reads both:
//
//	seg, err := segment.FromEnv()
//	...
//	in := &dynamodb.ScanInput{
//		TableName:     aws.String("carts"),
//		Segment:       aws.Int32(seg.Index),
//		TotalSegments: aws.Int32(seg.Total),
//	}
//
// Set both fields, always together (DynamoDB rejects one without the
// other), and page through the segment with ExclusiveStartKey until
// LastEvaluatedKey is empty: each segment is paginated on its own. A
// process started without the variables is segment 0 of 1, which scans
// the whole table, so the same migration runs unsegmented too.
package segment

import (
	"fmt"
	"os"
	"strconv"
)

// The variables FromEnv reads.
const (
	// EnvIndex is set by AWS Batch in every child of an array job, and
	// by miglint run --segments in each child process.
	EnvIndex = "AWS_BATCH_JOB_ARRAY_INDEX"
	// EnvTotal is the number of segments, the array size; miglint batch
	// puts it into the job definition.
	EnvTotal = "MIGLINT_TOTAL_SEGMENTS"
)

// MaxTotal is the largest number of segments: an AWS Batch array job
// has at most 10,000 children. (DynamoDB allows up to 1,000,000
// segments.)
const MaxTotal = 10000

// Segment is one part of a parallel scan: Index of Total, 0 <= Index <
// Total. Its fields are int32 because the Segment and TotalSegments
// fields of dynamodb.ScanInput are *int32.
type Segment struct {
	Index int32 // this process's segment, for ScanInput.Segment
	Total int32 // the number of segments, for ScanInput.TotalSegments
}

// String reads "segment 2 of 4".
func (s Segment) String() string {
	return fmt.Sprintf("segment %d of %d", s.Index, s.Total)
}

// FromEnv returns this process's segment, read from AWS_BATCH_JOB_ARRAY_INDEX
// and MIGLINT_TOTAL_SEGMENTS: segment 0 of 1 (the whole table) when
// neither is set. It fails, naming the variable and its value, when
// either is not a whole number, when the total is outside 1 to 10,000,
// when the index is not below the total, or when the index is set without
// the total: a migration must not guess which part of the table is its own.
func FromEnv() (Segment, error) {
	return Lookup(os.LookupEnv)
}

// Lookup is FromEnv reading the variables through lookup, which has the
// signature of os.LookupEnv: for a runner that prepares another
// process's environment.
func Lookup(lookup func(key string) (string, bool)) (Segment, error) {
	index, hasIndex := lookup(EnvIndex)
	total, hasTotal := lookup(EnvTotal)
	if !hasIndex && !hasTotal {
		return Segment{Index: 0, Total: 1}, nil
	}
	if !hasTotal {
		return Segment{}, fmt.Errorf("%s=%s is set but %s is not: cannot tell how many segments the table is split into; set %s to the array size (miglint batch and miglint run --segments do)", EnvIndex, index, EnvTotal, EnvTotal)
	}
	n, err := strconv.ParseInt(total, 10, 32)
	if err != nil || n < 1 || n > MaxTotal {
		return Segment{}, fmt.Errorf("%s=%q is not a number of segments from 1 to %d", EnvTotal, total, MaxTotal)
	}
	if !hasIndex {
		if n == 1 {
			return Segment{Index: 0, Total: 1}, nil
		}
		return Segment{}, fmt.Errorf("%s=%d is set but %s is not: cannot tell which segment is this process's; run it as an array job of size %d, or with miglint run --segments %d", EnvTotal, n, EnvIndex, n, n)
	}
	i, err := strconv.ParseInt(index, 10, 32)
	if err != nil || i < 0 {
		return Segment{}, fmt.Errorf("%s=%q is not a segment number (0, 1, 2, ...)", EnvIndex, index)
	}
	if i >= n {
		return Segment{}, fmt.Errorf("%s=%d is not below %s=%d: segments are numbered 0 to %d", EnvIndex, i, EnvTotal, n, n-1)
	}
	return Segment{Index: int32(i), Total: int32(n)}, nil
}

// Env returns the two variables that make FromEnv return s, as NAME=VALUE:
// the environment of one AWS Batch array child.
func (s Segment) Env() []string {
	return []string{
		EnvIndex + "=" + strconv.Itoa(int(s.Index)),
		EnvTotal + "=" + strconv.Itoa(int(s.Total)),
	}
}
