package taxonomy

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// Error is a problem at a position of a taxonomy file. Load and Default
// return all of them joined with errors.Join; errors.As finds the first.
type Error struct {
	// File is the path of the file (EmbeddedName for the built-in taxonomy).
	File string
	// Line and Column are 1-based; 0 when unknown.
	Line, Column int
	// Reason says what is wrong.
	Reason string
}

// Error formats the error as FILE:LINE:COLUMN: reason.
func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Reason)
}

// errorList collects positioned errors from one load.
type errorList struct {
	errs []*Error
	// order ranks files in the order they were loaded so that errors in the
	// built-in file come before errors in the user file.
	order map[string]int
}

func (l *errorList) add(e *Error) {
	l.errs = append(l.errs, e)
}

// err returns the collected errors sorted by file, line and column, joined, or
// nil when there are none.
func (l *errorList) err() error {
	if len(l.errs) == 0 {
		return nil
	}
	sorted := slices.Clone(l.errs)
	slices.SortStableFunc(sorted, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(l.order[a.File], l.order[b.File]),
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column),
		)
	})
	sorted = slices.CompactFunc(sorted, func(a, b *Error) bool { return *a == *b })
	errs := make([]error, len(sorted))
	for i, e := range sorted {
		errs[i] = e
	}
	return errors.Join(errs...)
}
