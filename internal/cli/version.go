package cli

import (
	"fmt"
	"runtime/debug"
)

// version is overridden at build time with -ldflags "-X ...cli.version=v1.2.3".
var version = "dev"

type versionCmd struct{}

func (c *versionCmd) Run(env *Env) error {
	v := version
	if v == "dev" {
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
	}
	_, err := fmt.Fprintf(env.Stdout, "faultline %s (taxonomy version %d)\n", v, taxonomyVersion())
	return err
}
