// Package aws is a stub of the parts of github.com/aws/aws-sdk-go-v2/aws
// that the tests use.
package aws

func String(v string) *string { return &v }

func ToString(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func Int64(v int64) *int64 { return &v }

func Int32(v int32) *int32 { return &v }
