package notmigration

func Helper() {}
