package ui

import tea "github.com/charmbracelet/bubbletea"

// waitOn is the command that waits for the next value on updates and turns
// it into a message with msg; when updates is closed it reads the source's
// error from errc (if any) and returns done(err). It is re-issued after each
// message, so nil updates (nothing to follow) means no command.
func waitOn[U any](updates <-chan U, errc <-chan error, msg func(U) tea.Msg, done func(error) tea.Msg) tea.Cmd {
	if updates == nil {
		return nil
	}
	return func() tea.Msg {
		u, ok := <-updates
		if !ok {
			var err error
			if errc != nil {
				err = <-errc
			}
			return done(err)
		}
		return msg(u)
	}
}
