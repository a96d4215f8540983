package runner

import (
	"bytes"
	"fmt"
	"net"
	"runtime"
	"strings"
	"testing"
)

func TestWarnIfSilent(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("connectLoopback is unix only")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	for _, endpoint := range []string{
		fmt.Sprintf("http://127.0.0.1:%d", port),
		fmt.Sprintf("http://localhost:%d", port),
		fmt.Sprintf("http://[::ffff:127.0.0.1]:%d", port),
	} {
		var w bytes.Buffer
		warnIfSilent(&w, endpoint)
		if w.Len() > 0 {
			t.Errorf("%s, with a listener: %s", endpoint, w.String())
		}
	}

	l.Close() // nothing answers on that port any more
	for _, endpoint := range []string{
		fmt.Sprintf("http://127.0.0.1:%d", port),
		fmt.Sprintf("http://localhost:%d", port),
	} {
		var w bytes.Buffer
		warnIfSilent(&w, endpoint)
		if !strings.Contains(w.String(), "warning: nothing answers at "+endpoint) {
			t.Errorf("%s, without a listener: %q, want a warning", endpoint, w.String())
		}
	}
}
