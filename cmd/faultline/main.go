// Command faultline turns LLM conversations and agent trajectories into
// actionable failure reports. See README.md.
package main

import (
	"os"

	"github.com/faultline-dev/faultline/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}))
}
