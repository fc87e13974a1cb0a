package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// supervisor starts and restarts the child processes of `up` and keeps the state file current.
type supervisor struct {
	mu        sync.Mutex
	st        *State
	statePath string
	self      string
	logDir    string
	restart   bool
	stopping  bool
	children  []*child
	fatal     chan string // etcd or apiserver exited on its own
}

type child struct {
	p      *Proc
	newUTS bool // own UTS namespace with Proc.Hostname as host name
	cmd    *exec.Cmd
	done   chan struct{}
}

func (s *supervisor) saveLocked() {
	s.st.UpdatedAt = time.Now()
	if err := writeJSONAtomic(s.statePath, s.st); err != nil {
		logf("writing state: %v", err)
	}
}

func (s *supervisor) save() { s.mu.Lock(); defer s.mu.Unlock(); s.saveLocked() }

// add registers a process in the state (so the kubelet knows its pod) without starting it.
func (s *supervisor) add(p *Proc, newUTS bool) *child {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &child{p: p, newUTS: newUTS}
	s.children = append(s.children, c)
	s.st.Processes = append(s.st.Processes, p)
	s.saveLocked()
	return c
}

func (s *supervisor) logPath(p *Proc) string {
	dir := filepath.Join(s.logDir, p.Name)
	if p.Pod != nil { // like /var/log/pods/<ns>_<pod>/<container>/<restart>.log
		dir = filepath.Join(s.logDir, p.Pod.Namespace+"_"+p.Pod.Name, p.Pod.Container)
	}
	return filepath.Join(dir, fmt.Sprintf("%d.log", p.Restarts))
}

func (s *supervisor) start(c *child) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping {
		return errors.New("stopping")
	}
	p := c.p
	path := s.logPath(p)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	var fileMu sync.Mutex
	stdout := &criWriter{f: f, mu: &fileMu, stream: "stdout"}
	stderr := &criWriter{f: f, mu: &fileMu, stream: "stderr"}
	cmd := exec.Command(s.self, p.Args...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.Env = os.Environ()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if c.newUTS && s.st.UTSNamespaces {
		cmd.SysProcAttr.Cloneflags = syscall.CLONE_NEWUTS
		cmd.Env = append(cmd.Env, hostnameEnv+"="+p.Hostname)
	}
	if err := cmd.Start(); err != nil {
		f.Close()
		return err
	}
	c.cmd, c.done = cmd, make(chan struct{})
	p.Pid, p.Running, p.StartedAt, p.LogFile = cmd.Process.Pid, true, time.Now(), path
	p.LogFiles = append(p.LogFiles, path)
	s.saveLocked()
	logf("started %s pid %d host %q log %s", p.Name, p.Pid, p.Hostname, path)
	go s.wait(c, f, stdout, stderr)
	return nil
}

func (s *supervisor) wait(c *child, f *os.File, outs ...*criWriter) {
	err := c.cmd.Wait()
	for _, w := range outs {
		w.flush()
	}
	f.Close()
	code := c.cmd.ProcessState.ExitCode()
	if ws, ok := c.cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		code = 128 + int(ws.Signal())
	}
	s.mu.Lock()
	p := c.p
	started, finished := p.StartedAt, time.Now()
	p.Running, p.ExitCode, p.LastStartedAt, p.LastFinishedAt = false, &code, &started, &finished
	stopping := s.stopping
	s.saveLocked()
	s.mu.Unlock()
	close(c.done)
	logf("%s pid %d exited: %v", p.Name, p.Pid, err)
	if stopping {
		return
	}
	if p.Role == "etcd" || p.Role == "apiserver" {
		s.fatal <- fmt.Sprintf("%s exited: %v", p.Name, err)
		return
	}
	if !s.restart {
		return
	}
	delay := time.Second // a short back-off, like a kubelet restarting a container
	if p.RestartDelay > 0 {
		delay = p.RestartDelay
	}
	time.Sleep(delay)
	s.mu.Lock()
	p.Restarts++
	s.mu.Unlock()
	if err := s.start(c); err != nil {
		logf("restarting %s: %v", p.Name, err)
	}
}

// stop sends SIGTERM to the process groups of the children with the given roles, then SIGKILL to
// what is left after grace.
func (s *supervisor) stop(grace time.Duration, roles ...string) {
	var waiting []*child
	s.mu.Lock()
	for _, c := range s.children {
		for _, r := range roles {
			if c.p.Role == r && c.cmd != nil && c.p.Running {
				_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGTERM)
				waiting = append(waiting, c)
			}
		}
	}
	s.mu.Unlock()
	deadline := time.After(grace)
	for _, c := range waiting {
		select {
		case <-c.done:
		case <-deadline:
			_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
			<-c.done
		}
	}
	for _, c := range waiting { // anything left in the groups (there should be nothing)
		_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
	}
}

func (s *supervisor) shutdown() {
	s.mu.Lock()
	s.stopping = true
	s.st.Phase = "stopping"
	s.saveLocked()
	s.mu.Unlock()
	s.stop(5*time.Second, "elector", "scheduler")
	s.stop(5*time.Second, "kubelet")
	s.stop(15*time.Second, "apiserver")
	s.stop(10*time.Second, "etcd")
}

// criWriter writes a child's output to its log file in the CRI log format the kubelet uses.
type criWriter struct {
	f      *os.File
	mu     *sync.Mutex
	stream string
	buf    []byte
}

const maxLogLine = 16 * 1024

func (w *criWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexByte(w.buf, '\n')
		if i < 0 {
			if len(w.buf) >= maxLogLine {
				w.emit(w.buf[:maxLogLine], "P")
				w.buf = w.buf[maxLogLine:]
				continue
			}
			return len(p), nil
		}
		w.emit(w.buf[:i], "F")
		w.buf = w.buf[i+1:]
	}
}

func (w *criWriter) flush() {
	if len(w.buf) > 0 {
		w.emit(w.buf, "F")
		w.buf = nil
	}
}

func (w *criWriter) emit(line []byte, tag string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	prefix := time.Now().UTC().Format(time.RFC3339Nano) + " " + w.stream + " " + tag + " "
	_, _ = io.WriteString(w.f, prefix+string(line)+"\n")
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "realcluster up: "+format+"\n", args...)
}
