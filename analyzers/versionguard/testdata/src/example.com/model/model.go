// Package model holds the application's types, without any DynamoDB
// code: its version checks reach the migrations through facts.
package model

type Cart struct {
	PK      string
	Status  string
	Version int `dynamodbav:"version"`
}

const Current = 3

// UpToDate is a version check behind a method.
func (c Cart) UpToDate() bool { // want UpToDate:`compares Version version`
	return c.Version >= Current
}

// Migrated is one behind a function.
func Migrated(c *Cart) bool { // want Migrated:`compares Version version`
	if c == nil {
		return false
	}
	return c.Version >= Current
}

// Paid compares something else.
func (c Cart) Paid() bool { // want Paid:`compares Status`
	return c.Status == "paid"
}
