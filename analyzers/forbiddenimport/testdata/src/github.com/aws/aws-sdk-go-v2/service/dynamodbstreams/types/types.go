package types

type Keys map[string]string
