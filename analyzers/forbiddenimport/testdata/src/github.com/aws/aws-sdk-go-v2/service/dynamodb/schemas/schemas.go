package schemas

type Shape interface{}
