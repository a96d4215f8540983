// Package sub is below a migration, not a migration itself.
package sub
