// Package expression is a stub of the parts of
// github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression that the tests
// use.
package expression

import "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

type OperandBuilder interface{ isOperand() }

type NameBuilder struct{ name string }

func (NameBuilder) isOperand() {}

func Name(name string) NameBuilder { return NameBuilder{name} }

func NameNoDotSplit(name string) NameBuilder { return NameBuilder{name} }

type ValueBuilder struct{ value any }

func (ValueBuilder) isOperand() {}

func Value(value any) ValueBuilder { return ValueBuilder{value} }

type ConditionBuilder struct{ operands []OperandBuilder }

func (nb NameBuilder) Equal(right OperandBuilder) ConditionBuilder {
	return ConditionBuilder{[]OperandBuilder{nb, right}}
}

func (nb NameBuilder) LessThan(right OperandBuilder) ConditionBuilder {
	return ConditionBuilder{[]OperandBuilder{nb, right}}
}

func (nb NameBuilder) AttributeNotExists() ConditionBuilder {
	return ConditionBuilder{[]OperandBuilder{nb}}
}

func (nb NameBuilder) AttributeExists() ConditionBuilder {
	return ConditionBuilder{[]OperandBuilder{nb}}
}

func AttributeNotExists(nb NameBuilder) ConditionBuilder { return nb.AttributeNotExists() }

func (cb ConditionBuilder) And(right ConditionBuilder, other ...ConditionBuilder) ConditionBuilder {
	return cb
}

func (cb ConditionBuilder) Or(right ConditionBuilder, other ...ConditionBuilder) ConditionBuilder {
	return cb
}

type UpdateBuilder struct{ names []NameBuilder }

func Set(name NameBuilder, operand OperandBuilder) UpdateBuilder {
	return UpdateBuilder{[]NameBuilder{name}}
}

func (ub UpdateBuilder) Set(name NameBuilder, operand OperandBuilder) UpdateBuilder { return ub }

type Builder struct {
	condition *ConditionBuilder
	update    *UpdateBuilder
}

func NewBuilder() Builder { return Builder{} }

func (b Builder) WithCondition(cond ConditionBuilder) Builder {
	b.condition = &cond
	return b
}

func (b Builder) WithUpdate(update UpdateBuilder) Builder {
	b.update = &update
	return b
}

type Expression struct {
	condition, update *string
}

func (b Builder) Build() (Expression, error) { return Expression{}, nil }

func (e Expression) Condition() *string { return e.condition }

func (e Expression) Update() *string { return e.update }

func (e Expression) Names() map[string]string { return nil }

func (e Expression) Values() map[string]types.AttributeValue { return nil }
