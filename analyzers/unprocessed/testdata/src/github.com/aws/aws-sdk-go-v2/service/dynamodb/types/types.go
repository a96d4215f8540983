// Package types is a stub of the parts of
// github.com/aws/aws-sdk-go-v2/service/dynamodb/types that the tests use.
package types

type AttributeValue interface{ isAttributeValue() }

type AttributeValueMemberS struct{ Value string }

func (*AttributeValueMemberS) isAttributeValue() {}

type AttributeValueMemberN struct{ Value string }

func (*AttributeValueMemberN) isAttributeValue() {}

type ComparisonOperator string

const ComparisonOperatorEq ComparisonOperator = "EQ"

type ExpectedAttributeValue struct {
	ComparisonOperator ComparisonOperator
	Exists             *bool
	Value              AttributeValue
}

type Put struct {
	Item                      map[string]AttributeValue
	TableName                 *string
	ConditionExpression       *string
	ExpressionAttributeNames  map[string]string
	ExpressionAttributeValues map[string]AttributeValue
}

type Update struct {
	Key                       map[string]AttributeValue
	TableName                 *string
	UpdateExpression          *string
	ConditionExpression       *string
	ExpressionAttributeNames  map[string]string
	ExpressionAttributeValues map[string]AttributeValue
}

type Delete struct {
	Key                       map[string]AttributeValue
	TableName                 *string
	ConditionExpression       *string
	ExpressionAttributeNames  map[string]string
	ExpressionAttributeValues map[string]AttributeValue
}

type ConditionCheck struct {
	Key                       map[string]AttributeValue
	TableName                 *string
	ConditionExpression       *string
	ExpressionAttributeNames  map[string]string
	ExpressionAttributeValues map[string]AttributeValue
}

type TransactWriteItem struct {
	ConditionCheck *ConditionCheck
	Delete         *Delete
	Put            *Put
	Update         *Update
}

type PutRequest struct{ Item map[string]AttributeValue }

type DeleteRequest struct{ Key map[string]AttributeValue }

type WriteRequest struct {
	DeleteRequest *DeleteRequest
	PutRequest    *PutRequest
}

type BatchStatementRequest struct {
	Statement  *string
	Parameters []AttributeValue
}

type ParameterizedStatement struct {
	Statement  *string
	Parameters []AttributeValue
}

type ConditionalCheckFailedException struct{ Message *string }

func (e *ConditionalCheckFailedException) Error() string { return "conditional check failed" }

type Select string

const (
	SelectAllAttributes Select = "ALL_ATTRIBUTES"
	SelectCount         Select = "COUNT"
)

type KeysAndAttributes struct {
	Keys                 []map[string]AttributeValue
	ProjectionExpression *string
}

type ConsumedCapacity struct {
	TableName     *string
	CapacityUnits *float64
}

type BatchStatementErrorCodeEnum string

type BatchStatementError struct {
	Code    BatchStatementErrorCodeEnum
	Message *string
}

type BatchStatementResponse struct {
	Error     *BatchStatementError
	Item      map[string]AttributeValue
	TableName *string
}
