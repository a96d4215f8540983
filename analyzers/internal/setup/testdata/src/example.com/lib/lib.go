package lib // want `not a migration, retention 6 months`

func Helper() {}
