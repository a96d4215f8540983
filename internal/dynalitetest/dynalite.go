// Package dynalitetest starts dynalite, a DynamoDB-compatible server, on a
// free loopback port for a test, and talks to it with the real
// aws-sdk-go-v2 DynamoDB client. ./test.sh installs dynalite (npm ci, the
// version pinned in package-lock.json) into node_modules at the module
// root; a test that needs it fails, never skips, when it is missing.
package dynalitetest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miglint/miglint/internal/paths"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Credentials and region the tests use with dynalite, which accepts any.
const (
	AccessKeyID     = "dynalitetest"
	SecretAccessKey = "dynalitetestsecret"
	Region          = "us-east-1"
)

// Server is a running dynalite.
type Server struct {
	URL    string // http://127.0.0.1:PORT
	Client *dynamodb.Client
}

// Binary returns the path of node_modules/.bin/dynalite at the root of the
// module holding the working directory, or fails the test telling how to
// install it.
func Binary(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	d, ok := paths.FindUp(wd, "package.json")
	if !ok {
		t.Fatalf("no package.json above %s: cannot find dynalite; run the tests through ./test.sh", wd)
	}
	bin := filepath.Join(d, "node_modules", ".bin", "dynalite")
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("dynalite is not installed (%v). These tests run real DynamoDB calls against it: run ./test.sh, which installs it with npm ci from package-lock.json (or run npm ci --no-audit --no-fund in %s)", err, d)
	}
	return bin
}

// Start starts dynalite on a free loopback port, waits until it answers,
// and stops it when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := Binary(t)
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		s, err := start(t, bin)
		if err == nil {
			return s
		}
		lastErr = err // most likely the port was taken in between: try another
	}
	t.Fatalf("dynalite did not start: %v", lastErr)
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// syncBuffer collects a process's output while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func start(t testing.TB, bin string) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "--host", "127.0.0.1", "--port", strconv.Itoa(port),
		"--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %v", bin, err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	stop := func() {
		cmd.Process.Kill()
		<-exited
	}

	s := &Server{URL: fmt.Sprintf("http://127.0.0.1:%d", port)}
	s.Client = dynamodb.New(dynamodb.Options{
		Region:       Region,
		BaseEndpoint: aws.String(s.URL),
		Credentials:  credentials.NewStaticCredentialsProvider(AccessKeyID, SecretAccessKey, ""),
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		select {
		case <-exited:
			return nil, fmt.Errorf("dynalite exited at once:\n%s", out.String())
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_, err := s.Client.ListTables(ctx, &dynamodb.ListTablesInput{})
		cancel()
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			stop()
			return nil, fmt.Errorf("dynalite does not answer at %s: %v\n%s", s.URL, err, out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Cleanup(stop)
	return s, nil
}

// CreateTable creates table, keyed by the string attribute "id".
func (s *Server) CreateTable(t testing.TB, table string) {
	t.Helper()
	ctx := context.Background()
	_, err := s.Client.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String(table),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	if err != nil {
		t.Fatalf("creating table %s: %v", table, err)
	}
	w := dynamodb.NewTableExistsWaiter(s.Client, func(o *dynamodb.TableExistsWaiterOptions) { o.MinDelay = 10 * time.Millisecond })
	if err := w.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(table)}, 10*time.Second); err != nil {
		t.Fatalf("table %s does not become active: %v", table, err)
	}
}

// Put writes items into table, unconditionally.
func (s *Server) Put(t testing.TB, table string, items ...map[string]types.AttributeValue) {
	t.Helper()
	for _, item := range items {
		if _, err := s.Client.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(table), Item: item}); err != nil {
			t.Fatalf("putting an item into %s: %v", table, err)
		}
	}
}

// Items reads every item of table, each reduced to a map from attribute
// name to a comparable text ("S:EUR", "N:2"), keyed by the item's "id".
func (s *Server) Items(t testing.TB, table string) map[string]map[string]string {
	t.Helper()
	items := map[string]map[string]string{}
	p := dynamodb.NewScanPaginator(s.Client, &dynamodb.ScanInput{TableName: aws.String(table), ConsistentRead: aws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("scanning %s: %v", table, err)
		}
		for _, item := range page.Items {
			flat := map[string]string{}
			for k, v := range item {
				flat[k] = Text(v)
			}
			items[strings.TrimPrefix(flat["id"], "S:")] = flat
		}
	}
	return items
}

// Text writes a scalar attribute value as TYPE:VALUE.
func Text(v types.AttributeValue) string {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		return "S:" + v.Value
	case *types.AttributeValueMemberN:
		return "N:" + v.Value
	case *types.AttributeValueMemberBOOL:
		return "BOOL:" + strconv.FormatBool(v.Value)
	case *types.AttributeValueMemberNULL:
		return "NULL"
	case *types.AttributeValueMemberSS:
		ss := append([]string(nil), v.Value...)
		sort.Strings(ss)
		return "SS:" + strings.Join(ss, ",")
	}
	return fmt.Sprintf("%T", v)
}

// S and N make string and number attribute values.
func S(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
func N(v int) types.AttributeValue    { return &types.AttributeValueMemberN{Value: strconv.Itoa(v)} }

// Env returns the variables that point an aws-sdk-go-v2 program at s with
// the dummy credentials, as a prod run's parent environment would.
func (s *Server) Env() []string {
	return []string{
		"AWS_ENDPOINT_URL_DYNAMODB=" + s.URL,
		"AWS_ACCESS_KEY_ID=" + AccessKeyID,
		"AWS_SECRET_ACCESS_KEY=" + SecretAccessKey,
		"AWS_REGION=" + Region,
	}
}
