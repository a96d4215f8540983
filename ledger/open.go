package ledger

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The dev ledger's credentials and region: a local DynamoDB accepts any,
// and DynamoDB Local keeps one database per key and region, so they are
// always the same.
const (
	devAccessKeyID     = "miglintdev"
	devSecretAccessKey = "miglintdevsecret"
	devRegion          = "us-east-1"
)

// Options say which ledger to open.
type Options struct {
	Env      string        // Dev or Prod
	Table    string        // the table's name
	Lease    time.Duration // how long a lock lasts without a heartbeat
	Endpoint string        // dev: the local DynamoDB, on loopback; prod: unused (the AWS configuration decides)
	NoCreate bool          // dev: a missing table is ErrNoTable, as in prod (for readers such as miglint status)
}

// Errors of Open and Init, to tell them apart with errors.Is.
var (
	ErrNoTable     = errors.New("no ledger table")
	ErrUnreachable = errors.New("ledger unreachable")
	ErrSchema      = errors.New("not a ledger table")
)

// openError is an error that says everything and wraps one of the above.
type openError struct {
	kind error
	msg  string
}

func (e *openError) Error() string { return e.msg }
func (e *openError) Unwrap() error { return e.kind }

// openTimeout bounds the first call to the table, so that an unreachable
// ledger is an error in seconds, not after the SDK's retries of a hung
// connection.
const openTimeout = 15 * time.Second

// Open opens the ledger of o.Env and checks its table: a dev ledger
// creates a missing table; a prod ledger without one is an ErrNoTable
// error that names miglint ledger init prod.
func Open(ctx context.Context, o Options) (*Ledger, error) {
	l, err := connect(ctx, o)
	if err != nil {
		return nil, err
	}
	err = l.check(ctx)
	if errors.Is(err, ErrNoTable) && l.env == Dev && !o.NoCreate {
		_, err = l.create(ctx)
	}
	if err != nil {
		return nil, err
	}
	return l, nil
}

// Init creates the ledger table of o.Env unless it exists; created says
// whether it did. An existing table of the wrong shape is an error.
func Init(ctx context.Context, o Options) (created bool, l *Ledger, err error) {
	l, err = connect(ctx, o)
	if err != nil {
		return false, nil, err
	}
	err = l.check(ctx)
	if errors.Is(err, ErrNoTable) {
		created, err = l.create(ctx)
	}
	return created, l, err
}

// Where says where the table is, for messages.
func (l *Ledger) Where() string { return l.where }

func connect(ctx context.Context, o Options) (*Ledger, error) {
	l := &Ledger{table: o.Table, env: o.Env, lease: o.Lease, now: time.Now}
	if l.lease <= 0 {
		l.lease = 30 * time.Second
	}
	switch o.Env {
	case Dev:
		l.where = "at " + o.Endpoint
		l.db = dynamodb.New(dynamodb.Options{
			Region:       devRegion,
			BaseEndpoint: aws.String(o.Endpoint),
			Credentials:  credentials.NewStaticCredentialsProvider(devAccessKeyID, devSecretAccessKey, ""),
		})
	case Prod:
		cfg, err := config.LoadDefaultConfig(ctx)
		if err != nil {
			return nil, &openError{ErrUnreachable, fmt.Sprintf("cannot load your AWS configuration for the prod ledger: %v", err)}
		}
		if cfg.Region == "" {
			return nil, &openError{ErrUnreachable, "no AWS region is configured for the prod ledger; set AWS_REGION or a region in your AWS profile"}
		}
		l.where = "in region " + cfg.Region
		if ep := os.Getenv("AWS_ENDPOINT_URL_DYNAMODB"); ep != "" {
			l.where += " at " + ep
		} else if ep := os.Getenv("AWS_ENDPOINT_URL"); ep != "" {
			l.where += " at " + ep
		}
		l.db = dynamodb.NewFromConfig(cfg)
	default:
		return nil, fmt.Errorf("unknown environment %q; want %s or %s", o.Env, Dev, Prod)
	}
	return l, nil
}

// check describes the table and checks its key schema.
func (l *Ledger) check(ctx context.Context) error {
	cctx, cancel := context.WithTimeout(ctx, openTimeout)
	defer cancel()
	out, err := l.db.DescribeTable(cctx, &dynamodb.DescribeTableInput{TableName: &l.table})
	var nf *types.ResourceNotFoundException
	switch {
	case errors.As(err, &nf):
		msg := fmt.Sprintf("the %s ledger table %q does not exist %s", l.env, l.table, l.where)
		if l.env == Prod {
			msg += "; create it once with: miglint ledger init prod (see the README's Run ledger section for the IAM actions it needs)"
		}
		return &openError{ErrNoTable, msg}
	case err != nil:
		hint := "check your AWS settings (AWS_PROFILE, AWS_REGION, credentials) and the network"
		if l.env == Dev {
			hint = "start DynamoDB Local or dynalite there, or point [runner] dev_endpoint (or --endpoint) at yours"
		}
		return &openError{ErrUnreachable, fmt.Sprintf("cannot reach the %s ledger (table %q %s): %v; %s", l.env, l.table, l.where, err, hint)}
	}
	return l.checkSchema(out.Table)
}

// checkSchema accepts exactly the key the ledger writes: pk, a string
// partition key, and sk, a string sort key.
func (l *Ledger) checkSchema(t *types.TableDescription) error {
	attrTypes := map[string]types.ScalarAttributeType{}
	for _, d := range t.AttributeDefinitions {
		attrTypes[aws.ToString(d.AttributeName)] = d.AttributeType
	}
	var have []string
	ok := len(t.KeySchema) == 2
	for i, k := range t.KeySchema {
		name := aws.ToString(k.AttributeName)
		have = append(have, fmt.Sprintf("%s (%s, %s)", name, attrTypes[name], strings.ToLower(string(k.KeyType))))
		want := map[int]string{0: attrPK, 1: attrSK}[i]
		wantType := map[int]string{0: "HASH", 1: "RANGE"}[i]
		if name != want || string(k.KeyType) != wantType || attrTypes[name] != "S" {
			ok = false
		}
	}
	if !ok {
		return &openError{ErrSchema, fmt.Sprintf("table %q %s is not a miglint ledger: its key is %s, a ledger's is pk (S, hash) and sk (S, range); set [ledger] table in importrules.toml to another name (miglint creates or expects its own table)",
			l.table, l.where, strings.Join(have, " and "))}
	}
	return nil
}

// create creates the table, pay per request, and waits until it is
// active. A table another run created meanwhile is fine.
func (l *Ledger) create(ctx context.Context) (bool, error) {
	_, err := l.db.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: &l.table,
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String(attrPK), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String(attrSK), AttributeType: types.ScalarAttributeTypeS},
		},
		KeySchema: []types.KeySchemaElement{
			{AttributeName: aws.String(attrPK), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String(attrSK), KeyType: types.KeyTypeRange},
		},
		BillingMode: types.BillingModePayPerRequest,
	})
	var inUse *types.ResourceInUseException
	created := err == nil
	if err != nil && !errors.As(err, &inUse) {
		return false, &openError{ErrUnreachable, fmt.Sprintf("cannot create the %s ledger table %q %s: %v", l.env, l.table, l.where, err)}
	}
	w := dynamodb.NewTableExistsWaiter(l.db, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 50*time.Millisecond, 2*time.Second
	})
	if err := w.Wait(ctx, &dynamodb.DescribeTableInput{TableName: &l.table}, 5*time.Minute); err != nil {
		return created, &openError{ErrUnreachable, fmt.Sprintf("the %s ledger table %q %s does not become active: %v", l.env, l.table, l.where, err)}
	}
	return created, l.check(ctx)
}
