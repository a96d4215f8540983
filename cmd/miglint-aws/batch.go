// miglint batch writes, and with --submit sends, the AWS Batch job that
// runs a migration as an array of parallel-scan segments.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/batch"
	"github.com/aws/aws-sdk-go-v2/service/batch/types"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/miglint/miglint/internal/cli"
	"github.com/miglint/miglint/runner"
	"github.com/miglint/miglint/segment"
)

const batchUsage = `Usage: miglint batch NAME|PATH --segments N --image IMAGE --queue QUEUE [flags]

Lints the migration as miglint run prod does (refuses on any finding,
exit 3), then writes the inputs of an AWS Batch array job of N children,
each running one parallel-scan segment of the migration:

  DIR/job-definition.json   aws batch register-job-definition --cli-input-json file://DIR/job-definition.json
  DIR/submit-job.json       aws batch submit-job --cli-input-json file://DIR/submit-job.json

Each child runs "miglint run prod NAME --yes --segment-from-env" in
IMAGE, which must hold go, miglint and the repository at the commit
(git clean or not: the child refuses unless its bytes hash to the content
hash linted here). Logs go to CloudWatch Logs, where Batch sends them
(awslogs, log group /aws/batch/job).

Flags:
  --segments N       array size, 2 to 10000 (MIGLINT_TOTAL_SEGMENTS=N in each child)
  --image IMAGE      container image
  --queue QUEUE      job queue name or ARN
  --job-role ARN     IAM role the migration's AWS calls use (default: the instance's)
  --vcpus V          vCPUs per child (default 1)
  --memory MIB       memory per child in MiB (default 2048)
  --attempts K       attempts per child, 1 to 10 (default 3); exit codes 2 and 3
                     (usage, refused) are never retried
  --timeout D        time limit of one attempt, at least 1m (default 2h)
  --out DIR          where to write the two files (default batch/NAME)
  --submit           also register the job definition and submit the job,
                     with your AWS configuration (AWS_PROFILE, AWS_REGION, ...)
  --allow-dirty      write them even though the migration's files are not committed
  --rerun            even though the header already holds times
`

// batchJob is what miglint batch writes: the two inputs of AWS Batch's API.
type batchJob struct {
	Definition *batch.RegisterJobDefinitionInput
	Submit     *batch.SubmitJobInput
}

// batchFlags are miglint batch's settings.
type batchFlags struct {
	segments, vcpus, memory, attempts int
	image, queue, jobRole, out        string
	timeout                           time.Duration
	submit, allowDirty, rerun         bool
}

// batchCmd is miglint batch.
func batchCmd(args []string) int {
	return batchMain(context.Background(), args, os.Environ(), os.Stdout, os.Stderr)
}

func batchMain(ctx context.Context, args, env []string, stdout, stderr io.Writer) int {
	var f batchFlags
	fs := flag.NewFlagSet("miglint batch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, batchUsage) }
	fs.IntVar(&f.segments, "segments", 0, "array size")
	fs.StringVar(&f.image, "image", "", "container image")
	fs.StringVar(&f.queue, "queue", "", "job queue")
	fs.StringVar(&f.jobRole, "job-role", "", "IAM role of the job")
	fs.IntVar(&f.vcpus, "vcpus", 1, "vCPUs per child")
	fs.IntVar(&f.memory, "memory", 2048, "MiB per child")
	fs.IntVar(&f.attempts, "attempts", 3, "attempts per child")
	fs.DurationVar(&f.timeout, "timeout", 2*time.Hour, "time limit of one attempt")
	fs.StringVar(&f.out, "out", "", "output directory")
	fs.BoolVar(&f.submit, "submit", false, "register and submit")
	fs.BoolVar(&f.allowDirty, "allow-dirty", false, "with uncommitted changes")
	fs.BoolVar(&f.rerun, "rerun", false, "header already holds times")
	pos, code, ok := cli.ParseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "miglint batch: want one migration, got %d arguments\n\n%s", len(pos), batchUsage)
		return exitError
	}
	if msg := f.check(); msg != "" {
		fmt.Fprintf(stderr, "miglint batch: %s\n", msg)
		return exitError
	}

	checked, code := runner.Check(ctx, runner.Options{
		Mode: runner.Prod, Target: pos[0], AllowDirty: f.allowDirty, Rerun: f.rerun,
		Env: env, Stdout: stdout, Stderr: stderr,

		Segments: runner.Segments{Total: f.segments}, // its dry run must be segmented too
	})
	if checked == nil {
		return code
	}
	m := checked.Migration
	job := newBatchJob(m.Name, checked.Commit, checked.ContentHash, f)
	if f.out == "" {
		f.out = filepath.Join("batch", m.Name)
	}
	def, sub, err := job.files()
	if err == nil {
		err = writeBatchFiles(f.out, def, sub)
	}
	if err != nil {
		fmt.Fprintf(stderr, "miglint batch: %v\n", err)
		return exitError
	}
	defPath, subPath := filepath.Join(f.out, "job-definition.json"), filepath.Join(f.out, "submit-job.json")
	fmt.Fprintf(stderr, "miglint batch: %s lints clean at commit %s (%s); wrote\n\t%s\n\t%s\n", m.Name, checked.Commit, checked.ContentHash, defPath, subPath)
	if !f.submit {
		fmt.Fprintf(stderr, "Register the job definition and submit the job of %d segments:\n\taws batch register-job-definition --cli-input-json file://%s\n\taws batch submit-job --cli-input-json file://%s\n",
			f.segments, filepath.ToSlash(defPath), filepath.ToSlash(subPath))
		return exitClean
	}
	cfg, err := config.LoadDefaultConfig(ctx, config.WithLogConfigurationWarnings(false))
	if err != nil {
		fmt.Fprintf(stderr, "miglint batch: cannot load your AWS configuration: %v; the files are written, submit them with the aws CLI\n", err)
		return exitError
	}
	jobID, err := job.submitTo(ctx, batch.NewFromConfig(cfg))
	if err != nil {
		fmt.Fprintf(stderr, "miglint batch: %v\n", err)
		return exitError
	}
	fmt.Fprintf(stdout, "%s\n", jobID)
	fmt.Fprintf(stderr, "miglint batch: submitted job %s (%d segments) to %s; follow it with\n\taws batch describe-jobs --jobs %s\n", jobID, f.segments, f.queue, jobID)
	return exitClean
}

// check returns what is wrong with the flags, or "".
func (f *batchFlags) check() string {
	switch {
	case f.segments < 2 || f.segments > segment.MaxTotal:
		return fmt.Sprintf("--segments %d: an array job has 2 to %d children; for one process, use miglint run prod", f.segments, segment.MaxTotal)
	case f.image == "":
		return "--image is missing: the container image that holds go, miglint and the repository"
	case f.queue == "":
		return "--queue is missing: the name or ARN of the job queue"
	case f.vcpus < 1:
		return fmt.Sprintf("--vcpus %d: want at least 1", f.vcpus)
	case f.memory < 4:
		return fmt.Sprintf("--memory %d: want MiB, at least 4", f.memory)
	case f.attempts < 1 || f.attempts > 10:
		return fmt.Sprintf("--attempts %d: AWS Batch allows 1 to 10", f.attempts)
	case f.timeout < time.Minute:
		return fmt.Sprintf("--timeout %v: AWS Batch needs at least 1m", f.timeout)
	}
	return ""
}

// Tag keys and the job's environment that name what linted clean.
const (
	tagMigration   = "miglint:migration"
	tagCommit      = "miglint:commit"
	tagContentHash = "miglint:content-hash"
)

// newBatchJob builds the two inputs: a container job definition whose
// command runs the segment AWS Batch names, and an array job of it.
func newBatchJob(name, commit, contentHash string, f batchFlags) *batchJob {
	tags := map[string]string{tagMigration: name, tagCommit: commit, tagContentHash: contentHash}
	defName := "miglint-" + name
	retry := &types.RetryStrategy{
		Attempts: aws.Int32(int32(f.attempts)),
		// A usage error or a refusal (a finding, other bytes) stays one
		// on every attempt; anything else (a lost host, a throttled
		// table) may pass next time, and migrations are safe to run twice.
		EvaluateOnExit: []types.EvaluateOnExit{
			{OnExitCode: aws.String(strconv.Itoa(runner.ExitUsage)), Action: types.RetryActionExit},
			{OnExitCode: aws.String(strconv.Itoa(runner.ExitRefused)), Action: types.RetryActionExit},
			{OnReason: aws.String("*"), Action: types.RetryActionRetry},
		},
	}
	timeout := &types.JobTimeout{AttemptDurationSeconds: aws.Int32(int32(f.timeout / time.Second))}
	container := &types.ContainerProperties{
		Image:   aws.String(f.image),
		Command: []string{"miglint", "run", "prod", name, "--yes", "--segment-from-env"},
		Environment: []types.KeyValuePair{
			{Name: aws.String(segment.EnvTotal), Value: aws.String(strconv.Itoa(f.segments))},
			{Name: aws.String(runner.EnvCommit), Value: aws.String(commit)},
			{Name: aws.String(runner.EnvContentHash), Value: aws.String(contentHash)},
		},
		ResourceRequirements: []types.ResourceRequirement{
			{Type: types.ResourceTypeVcpu, Value: aws.String(strconv.Itoa(f.vcpus))},
			{Type: types.ResourceTypeMemory, Value: aws.String(strconv.Itoa(f.memory))},
		},
		// Batch's own default, said out loud: CloudWatch Logs, log
		// group /aws/batch/job, one stream per child.
		LogConfiguration: &types.LogConfiguration{LogDriver: types.LogDriverAwslogs},
	}
	if f.jobRole != "" {
		container.JobRoleArn = aws.String(f.jobRole)
	}
	return &batchJob{
		Definition: &batch.RegisterJobDefinitionInput{
			JobDefinitionName:    aws.String(defName),
			Type:                 types.JobDefinitionTypeContainer,
			PlatformCapabilities: []types.PlatformCapability{types.PlatformCapabilityEc2},
			ContainerProperties:  container,
			RetryStrategy:        retry,
			Timeout:              timeout,
			Tags:                 tags,
			PropagateTags:        aws.Bool(true),
		},
		Submit: &batch.SubmitJobInput{
			JobName:         aws.String(fmt.Sprintf("%s-%.12s", defName, commit)),
			JobQueue:        aws.String(f.queue),
			JobDefinition:   aws.String(defName), // its latest revision: the one just registered
			ArrayProperties: &types.ArrayProperties{Size: aws.Int32(int32(f.segments))},
			Tags:            tags,
			PropagateTags:   aws.Bool(true),
		},
	}
}

// files returns the two inputs as the Batch API's JSON, which is what
// aws batch ... --cli-input-json reads: the SDK's own serializer writes
// them (see apiJSON), indented.
func (j *batchJob) files() (definition, submit []byte, err error) {
	definition, err = apiJSON(func(ctx context.Context, c *batch.Client) error {
		_, err := c.RegisterJobDefinition(ctx, j.Definition)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	submit, err = apiJSON(func(ctx context.Context, c *batch.Client) error {
		_, err := c.SubmitJob(ctx, j.Submit)
		return err
	})
	return definition, submit, err
}

// errSerialized stops a request of apiJSON once its body is serialized.
var errSerialized = errors.New("serialized, not sent")

// apiJSON runs call on a Batch client whose requests end right after the
// SDK has validated the input and serialized it: nothing is signed or
// sent. It returns the request's body, indented, keys sorted. Batch's API is REST
// with JSON bodies whose member names are the API's (jobDefinitionName,
// containerProperties, ...), and every member of these two inputs goes
// in the body.
func apiJSON(call func(context.Context, *batch.Client) error) ([]byte, error) {
	var body []byte
	capture := middleware.BuildMiddlewareFunc("miglintCaptureBody", func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
		req, ok := in.Request.(*smithyhttp.Request)
		if !ok {
			return middleware.BuildOutput{}, middleware.Metadata{}, fmt.Errorf("unexpected request type %T", in.Request)
		}
		if s := req.GetStream(); s != nil {
			b, err := io.ReadAll(s)
			if err != nil {
				return middleware.BuildOutput{}, middleware.Metadata{}, err
			}
			body = b
		}
		return middleware.BuildOutput{}, middleware.Metadata{}, errSerialized
	})
	client := batch.New(batch.Options{
		Region: "us-east-1", // any: nothing is sent
		APIOptions: []func(*middleware.Stack) error{func(s *middleware.Stack) error {
			return s.Build.Add(capture, middleware.After)
		}},
	})
	err := call(context.Background(), client)
	if !errors.Is(err, errSerialized) {
		if err == nil {
			err = errors.New("the SDK sent nothing to serialize")
		}
		return nil, fmt.Errorf("building the AWS Batch input: %v", err)
	}
	out, err := canonicalJSON(body)
	if err != nil {
		return nil, fmt.Errorf("the SDK wrote a body that is not JSON: %v", err)
	}
	return out, nil
}

// canonicalJSON indents a JSON document with the keys of every object
// sorted: the SDK writes a map's keys (the tags) in Go's random order.
func canonicalJSON(data []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// writeBatchFiles writes both files into dir, each through a temporary
// file and a rename, so that neither is ever half-written.
func writeBatchFiles(dir string, definition, submit []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, data := range map[string][]byte{"job-definition.json": definition, "submit-job.json": submit} {
		tmp, err := os.CreateTemp(dir, "."+name+".*")
		if err != nil {
			return err
		}
		_, err = tmp.Write(data)
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(tmp.Name(), filepath.Join(dir, name))
		}
		if err != nil {
			os.Remove(tmp.Name())
			return fmt.Errorf("writing %s: %v", filepath.Join(dir, name), err)
		}
	}
	return nil
}

// submitTo registers the job definition and submits the array job of its
// new revision, returning the job's ID.
func (j *batchJob) submitTo(ctx context.Context, c *batch.Client) (string, error) {
	def, err := c.RegisterJobDefinition(ctx, j.Definition)
	if err != nil {
		return "", fmt.Errorf("registering job definition %s: %v", aws.ToString(j.Definition.JobDefinitionName), err)
	}
	sub := *j.Submit
	if def.JobDefinitionArn != nil {
		sub.JobDefinition = def.JobDefinitionArn // exactly this revision
	}
	out, err := c.SubmitJob(ctx, &sub)
	if err != nil {
		return "", fmt.Errorf("submitting job %s (job definition %s is registered): %v", aws.ToString(sub.JobName), aws.ToString(sub.JobDefinition), err)
	}
	return aws.ToString(out.JobId), nil
}
