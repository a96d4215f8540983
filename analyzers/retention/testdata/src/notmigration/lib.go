// Finalization Time: 2001-01-01 at 00:00:00 UTC
package notmigration
