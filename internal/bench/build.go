package bench

import "github.com/faultline-dev/faultline/internal/trajectory"

// newTrajectory returns a trajectory whose ID and Source are both src, read
// from a dataset in format (the dataset's name for layouts that are no
// general input format).
func newTrajectory(src, format string, msgs ...trajectory.Message) trajectory.Trajectory {
	return trajectory.Trajectory{ID: src, Source: src, Format: format, Messages: msgs}
}

func msg(role trajectory.Role, content string) trajectory.Message {
	return trajectory.Message{Role: role, Content: content}
}

func system(content string) trajectory.Message    { return msg(trajectory.RoleSystem, content) }
func user(content string) trajectory.Message      { return msg(trajectory.RoleUser, content) }
func assistant(content string) trajectory.Message { return msg(trajectory.RoleAssistant, content) }
