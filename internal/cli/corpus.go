package cli

import (
	"errors"
	"fmt"

	"github.com/faultline-dev/faultline/internal/ingest"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

// readStats counts what readTrajectories read.
type readStats struct {
	read, rejected, skipped, trajectories int
}

func (s readStats) String() string {
	return fmt.Sprintf("%d read, %d rejected, %d skipped (%d trajectories)", s.read, s.rejected, s.skipped, s.trajectories)
}

// readTrajectories reads every trajectory of the inputs in order, calling fn
// for each; bad records are reported through warn and counted, never fatal.
// It is the sequential reader of commands that need no per-record analysis.
func readTrajectories(env *Env, paths []string, force string, warn func(string), fn func(*trajectory.Trajectory)) (readStats, error) {
	var st readStats
	inputs, err := ingest.Inputs(paths)
	if err != nil {
		return st, usageError("%v", err)
	}
	reg := ingest.DefaultRegistry()
	r := &ingest.Reader{Stdin: env.Stdin, Force: force}
	for _, in := range inputs {
		err := r.ReadFile(in, func(it ingest.Item) error {
			st.read++
			if it.Err != nil {
				st.rejected++
				warn(fmt.Sprintf("%s: %v", it.Source, it.Err))
				return nil
			}
			trajs := it.Trajectories
			if it.Data != nil {
				var err error
				trajs, err = reg.Decode(it.Data, it.Source, force)
				switch {
				case errors.Is(err, ingest.ErrNotTrajectory):
					st.skipped++
					return nil
				case err != nil:
					st.rejected++
					warn(fmt.Sprintf("%s: %v", it.Source, err))
					return nil
				}
			}
			for i := range trajs {
				st.trajectories++
				fn(&trajs[i])
			}
			return nil
		})
		if err != nil {
			return st, &exitError{code: ExitUsage, err: fmt.Errorf("%s: %w", in, err)}
		}
	}
	return st, nil
}
