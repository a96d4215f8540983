// Command segments measures miglint run --segments: the migration that
// miglint new --segmented writes, over ITEMS items in dynalite, run as 1
// (no --segments), 2 and 4 segments. bench/segments.sh runs it.
//
// For each run it reports the wall time of miglint run as a whole (lint,
// build, run), the time from the start of the first segment to the end
// of the last (the migration itself), items per second over that time,
// and the CPU time dynalite spent meanwhile: dynalite is one Node.js
// process, so its CPU time near the migration's wall time says that its
// single thread is the limit.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func main() {
	items := flag.Int("items", 20000, "items in the table")
	reps := flag.Int("reps", 2, "runs of each segment count")
	counts := flag.String("segments", "1,2,4", "segment counts; 1 is a run without --segments")
	miglint := flag.String("miglint", "", "the miglint binary")
	dynalite := flag.String("dynalite", "node_modules/.bin/dynalite", "the dynalite executable")
	flag.Parse()
	if *miglint == "" {
		log.Fatal("-miglint is required")
	}
	root, err := os.Getwd()
	if err != nil {
		log.Fatal(err)
	}

	url, pid, stop := startDynalite(*dynalite)
	defer stop()
	db := dynamodb.New(dynamodb.Options{Region: "us-east-1", BaseEndpoint: aws.String(url),
		Credentials: credentials.NewStaticCredentialsProvider("bench", "benchsecret", "")})
	createTable(db)

	dir, name := module(root, *miglint)
	defer os.RemoveAll(dir)
	env := append(os.Environ(), "MIGLINT_NOW=")
	// Warm the build cache: the first build of the SDK is not what is measured.
	if out, err := exec.Command("go", "build", "-C", filepath.Join(dir, "migrations", name), "-o", os.DevNull, ".").CombinedOutput(); err != nil {
		log.Fatalf("go build: %v\n%s", err, out)
	}

	fmt.Printf("%d items, dynalite %s, %d CPUs, load average %s\n", *items, url, nprocs(), loadavg())
	fmt.Printf("%-9s %8s %10s %8s %14s %18s\n", "segments", "wall s", "migrate s", "items/s", "dynalite CPU s", "dynalite ceiling/s")
	var ns []int
	for _, f := range strings.Split(*counts, ",") {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			log.Fatalf("bad segment count %q", f)
		}
		ns = append(ns, n)
	}
	results := map[int][]float64{}
	for rep := 0; rep < *reps; rep++ {
		for _, n := range ns {
			seed(db, *items)
			args := []string{"run", "dev", name, "--endpoint", url}
			if n > 1 {
				args = append(args, "--segments", strconv.Itoa(n))
			}
			wall, migrate, cpu := timeRun(*miglint, dir, env, args, pid)
			checkMigrated(db, *items)
			rate := float64(*items) / migrate.Seconds()
			results[n] = append(results[n], rate)
			// The ceiling: items per second if dynalite's one thread had a
			// core to itself and did nothing but this.
			fmt.Printf("%-9d %8.2f %10.2f %8.0f %14.2f %18.0f\n", n, wall.Seconds(), migrate.Seconds(), rate, cpu.Seconds(), float64(*items)/cpu.Seconds())
		}
	}
	fmt.Printf("load average after: %s\nmedian items/s:\n", loadavg())
	for _, n := range ns {
		r := slices.Clone(results[n])
		slices.Sort(r)
		fmt.Printf("  %d segment(s): %.0f\n", n, r[len(r)/2])
	}
}

// timeRun runs miglint and returns its wall time, the time from its
// "running" line (printed as the first segment starts) to its end, and
// dynalite's CPU time over that span.
func timeRun(miglint, dir string, env, args []string, dynalitePID int) (wall, migrate, cpu time.Duration) {
	cmd := exec.Command(miglint, args...)
	cmd.Dir, cmd.Env = dir, env
	stderr, err := cmd.StderrPipe()
	if err != nil {
		log.Fatal(err)
	}
	var out strings.Builder
	cmd.Stdout = io.Discard
	start := time.Now()
	if err := cmd.Start(); err != nil {
		log.Fatal(err)
	}
	var running time.Time
	var cpu0 time.Duration
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		line := sc.Text()
		out.WriteString(line + "\n")
		if running.IsZero() && strings.HasPrefix(line, "miglint run: running ") {
			running, cpu0 = time.Now(), cpuTime(dynalitePID)
		}
	}
	err = cmd.Wait()
	end := time.Now()
	cpu1 := cpuTime(dynalitePID)
	if err != nil || running.IsZero() {
		log.Fatalf("miglint %v: %v\n%s", args, err, out.String())
	}
	return end.Sub(start), end.Sub(running), cpu1 - cpu0
}

// cpuTime is the user and system time of process pid, from /proc.
func cpuTime(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name (in parentheses): utime and stime
	// are the 12th and 13th.
	f := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+2:]))
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / 100 // USER_HZ
}

func loadavg() string {
	data, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func nprocs() int {
	out, _ := exec.Command("nproc").Output()
	n, _ := strconv.Atoi(strings.TrimSpace(string(out)))
	return n
}

func startDynalite(bin string) (url string, pid int, stop func()) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(bin, "--host", "127.0.0.1", "--port", strconv.Itoa(port), "--createTableMs", "0")
	if err := cmd.Start(); err != nil {
		log.Fatalf("starting dynalite (npm ci --no-audit --no-fund installs it): %v", err)
	}
	url = fmt.Sprintf("http://127.0.0.1:%d", port)
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			c.Close()
			break
		}
		if i > 200 {
			log.Fatalf("dynalite does not listen on %s", url)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// dynalite is a node script: its process is the one to watch, and node is it.
	return url, cmd.Process.Pid, func() { cmd.Process.Kill(); cmd.Wait() }
}

func createTable(db *dynamodb.Client) {
	ctx := context.Background()
	_, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            aws.String("items"),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}},
		BillingMode:          types.BillingModePayPerRequest,
	})
	if err != nil {
		log.Fatal(err)
	}
	w := dynamodb.NewTableExistsWaiter(db)
	if err := w.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("items")}, 30*time.Second); err != nil {
		log.Fatal(err)
	}
}

// seed (re)writes n items at version 1, 25 to a BatchWriteItem, 4 at once.
func seed(db *dynamodb.Client, n int) {
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for start := w * 25; start < n; start += 100 {
				var reqs []types.WriteRequest
				for i := start; i < min(start+25, n); i++ {
					reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: map[string]types.AttributeValue{
						"id":      &types.AttributeValueMemberS{Value: fmt.Sprintf("item%06d", i)},
						"version": &types.AttributeValueMemberN{Value: "1"},
					}}})
				}
				in := &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"items": reqs}}
				for len(in.RequestItems) > 0 {
					out, err := db.BatchWriteItem(context.Background(), in)
					if err != nil {
						log.Fatal(err)
					}
					in.RequestItems = out.UnprocessedItems
				}
			}
		})
	}
	wg.Wait()
}

// checkMigrated fails unless every item is at version 2.
func checkMigrated(db *dynamodb.Client, n int) {
	p := dynamodb.NewScanPaginator(db, &dynamodb.ScanInput{TableName: aws.String("items")})
	migrated := 0
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			log.Fatal(err)
		}
		for _, item := range page.Items {
			if v, ok := item["version"].(*types.AttributeValueMemberN); ok && v.Value == "2" {
				migrated++
			}
		}
	}
	if migrated != n {
		log.Fatalf("%d of %d items migrated", migrated, n)
	}
}

// module writes a module holding the migration miglint new --segmented
// writes, on the table "items", and returns its directory and the
// migration's name.
func module(root, miglint string) (dir, name string) {
	dir, err := os.MkdirTemp("", "miglint-bench-segments-")
	if err != nil {
		log.Fatal(err)
	}
	must(os.MkdirAll(filepath.Join(dir, "migrations"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/bench\n\ngo 1.26.0\n\nrequire github.com/miglint/miglint v0.0.0\n\nreplace github.com/miglint/miglint => "+root+"\n"), 0o644))
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	must(err)
	must(os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644))
	cmd := exec.Command(miglint, "new", "--segmented", "bump_items")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		log.Fatalf("miglint new --segmented: %v", err)
	}
	main := filepath.Join(dir, strings.TrimSpace(string(out)))
	src, err := os.ReadFile(main)
	must(err)
	text := strings.Replace(string(src), "TODO: describe what this migration changes and why.", "Move every item of the benchmark table from version 1 to 2.", 1)
	text = strings.Replace(text, `"your_table"`, `"items"`, 1)
	must(os.WriteFile(main, []byte(text), 0o644))
	tidy := exec.Command("go", "mod", "tidy")
	tidy.Dir, tidy.Env = dir, append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	if out, err := tidy.CombinedOutput(); err != nil {
		log.Fatalf("go mod tidy: %v\n%s", err, out)
	}
	return dir, filepath.Base(filepath.Dir(main))
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
