package cli

import (
	"fmt"

	"github.com/faultline-dev/faultline/internal/taxonomy"
)

// taxonomyCmd prints the failure taxonomy.
type taxonomyCmd struct {
	Format   string `enum:"table,json,markdown" default:"table" help:"Output format: table (aligned plain text), json (the whole taxonomy) or markdown (headings and pipe tables)."`
	Taxonomy string `placeholder:"FILE" help:"User taxonomy file (YAML, same schema as the built-in one, every section optional) overlaid on the built-in taxonomy: an entry whose id already exists replaces the built-in entry wholesale, a new id adds an entry. The merged result is validated."`
}

// Run prints the (possibly overlaid) taxonomy in the chosen format.
func (c *taxonomyCmd) Run(env *Env) error {
	t, err := taxonomy.Load(c.Taxonomy)
	if err != nil {
		return usageError("%v", err)
	}
	switch c.Format {
	case "json":
		err = t.WriteJSON(env.Stdout)
	case "markdown":
		err = t.WriteMarkdown(env.Stdout)
	case "table", "":
		err = t.WriteTable(env.Stdout)
	default:
		return usageError("unknown format %q (want table, json or markdown)", c.Format)
	}
	if err != nil {
		return fmt.Errorf("taxonomy: %w", err)
	}
	return nil
}

// taxonomyVersion returns the version of the built-in taxonomy, or the
// supported version when the built-in taxonomy cannot be loaded.
func taxonomyVersion() int {
	t, err := taxonomy.Default()
	if err != nil {
		return taxonomy.SupportedVersion
	}
	return t.Version
}
