// Package errors stands for an error-wrapping package such as
// github.com/pkg/errors.
package errors

type wrapped struct {
	msg string
	err error
}

func (w *wrapped) Error() string { return w.msg + ": " + w.err.Error() }

// Wrapf annotates err.
func Wrapf(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return &wrapped{format, err}
}
