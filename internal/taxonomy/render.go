package taxonomy

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteJSON writes the whole taxonomy as indented JSON followed by a newline.
func (t *Taxonomy) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(t); err != nil {
		return fmt.Errorf("write taxonomy as JSON: %w", err)
	}
	return nil
}

// printer writes formatted text and remembers the first write error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

// stagePriorityLabel is how a stage appears in the recommended priority order,
// e.g. "RLHF-level changes (medium-term, root cause)".
func stagePriorityLabel(s *Stage) string {
	name := s.Recommendation
	if name == "" {
		name = s.Name
	}
	if s.Horizon == "" {
		return name
	}
	return name + " (" + s.Horizon + ")"
}

// fixesRootCause describes whether a stage fixes the root cause.
func fixesRootCause(s *Stage) string {
	switch {
	case s.FixesRootCause && s.Note != "":
		return "yes (" + s.Note + ")"
	case s.FixesRootCause:
		return "yes"
	case s.Note != "":
		return "no (" + s.Note + ")"
	}
	return "no"
}

// itemText renders a stage item with the IDs of its interventions.
func itemText(item StageItem, quote func(string) string) string {
	if len(item.Interventions) == 0 {
		return item.Text
	}
	ids := make([]string, len(item.Interventions))
	for i, id := range item.Interventions {
		ids[i] = quote(id)
	}
	return item.Text + " (" + strings.Join(ids, ", ") + ")"
}

// joinIDs joins IDs with ", ", quoting each with quote.
func joinIDs(ids []string, quote func(string) string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = quote(id)
	}
	return strings.Join(out, ", ")
}
