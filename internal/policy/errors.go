package policy

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// Error is one load error, located in the policy file. Load and Parse return
// every Error they find, sorted by position and joined with errors.Join, so
// errors.As finds the first and the joined message has one error per line.
type Error struct {
	// File is the policy's name (its path for Load).
	File string
	// Line and Column are 1-based; Column counts characters.
	Line, Column int
	// Msg says what is wrong.
	Msg string
	// Err is the underlying error, if any (the YAML parser's error, or the
	// error of an invalid value such as an unknown action).
	Err error
}

// Error formats the error as FILE:LINE:COLUMN: MESSAGE.
func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// pos is a 1-based line and column in a policy file.
type pos struct{ line, col int }

// String formats the position as LINE:COLUMN.
func (p pos) String() string { return fmt.Sprintf("%d:%d", p.line, p.col) }

// errorList collects located errors for one file.
type errorList struct {
	file string
	errs []*Error
}

// add records an error at p.
func (l *errorList) add(p pos, err error, format string, args ...any) {
	l.errs = append(l.errs, &Error{
		File:   l.file,
		Line:   max(p.line, 1),
		Column: max(p.col, 1),
		Msg:    fmt.Sprintf(format, args...),
		Err:    err,
	})
}

// join returns the collected errors sorted by position, or nil.
func (l *errorList) join() error {
	if len(l.errs) == 0 {
		return nil
	}
	slices.SortStableFunc(l.errs, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	errs := make([]error, len(l.errs))
	for i, e := range l.errs {
		errs[i] = e
	}
	return errors.Join(errs...)
}
