package runner

import (
	"bytes"
	"context"
	"os/exec"
	"strings"

	"github.com/miglint/miglint/internal/text"

	"github.com/miglint/miglint/analyzers"
	"github.com/miglint/miglint/checker"
	"github.com/miglint/miglint/report"
)

type buildResult struct {
	out []byte
	err error
}

// gate lints the migration with every registered analyzer and builds it,
// both at once (the build is needed anyway, and the two together take
// little more than the lint alone), then checks that no hashed byte
// changed since the snapshot. It returns 0 when the binary may run.
func (r *run) gate(ctx context.Context) int {
	buildCtx, stopBuild := context.WithCancel(ctx)
	defer stopBuild()
	built := make(chan buildResult, 1)
	go func() { built <- build(buildCtx, r.m.Dir, r.binary) }()

	findings, err := checker.Check(r.m.Dir, []string{"."}, analyzers.All)
	if r.afterLint != nil {
		r.afterLint()
	}
	if err != nil {
		stopBuild()
		return r.refuse("cannot lint %s; fix this and run again (nothing ran):\n%v", r.rel, err)
	}
	if len(findings) > 0 {
		stopBuild()
		report.Text(r.Stderr, findings)
		return r.refuse("%s has %s (above); fix them and run again (nothing ran)", r.m.Name, text.Plural(len(findings), "finding"))
	}

	b := <-built
	if ctx.Err() != nil {
		return ExitRefused // interrupted; the caller has said so
	}
	if b.err != nil {
		return r.refuse("%s lints clean but does not build; fix this and run again (nothing ran):\n%s", r.m.Name, strings.TrimSpace(string(b.out)))
	}

	after, err := r.snap.again()
	if err != nil {
		return r.refuse("%v", err)
	}
	if changed := r.snap.changed(after); len(changed) > 0 {
		return r.refuse("these files changed while miglint linted and built %s:\n\t%s\nthe binary might not be what linted clean, so it does not run; run again once nothing is editing them (if go.mod or go.sum changed, the go command may have updated them: review and commit that first)",
			r.m.Name, strings.Join(changed, "\n\t"))
	}
	return 0
}

// build compiles the migration in dir into binary.
func build(ctx context.Context, dir, binary string) buildResult {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", binary, ".")
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return buildResult{out.Bytes(), err}
}
