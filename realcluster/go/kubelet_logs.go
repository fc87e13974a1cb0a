package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"k8s.io/klog/v2"
)

// serveKubeletAPI serves the part of the kubelet API that kube-apiserver uses for pods/log:
// GET /containerLogs/{namespace}/{pod}/{container}?follow&tailLines&timestamps&sinceSeconds&sinceTime&limitBytes&previous
func serveKubeletAPI(ctx context.Context, port int, certFile, keyFile, clientCAFile, statePath string) error {
	caPEM, err := os.ReadFile(clientCAFile)
	if err != nil {
		return err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") })
	mux.HandleFunc("GET /containerLogs/{namespace}/{pod}/{container}", func(w http.ResponseWriter, r *http.Request) {
		serveContainerLogs(w, r, statePath)
	})
	srv := &http.Server{
		Addr:        fmt.Sprintf("127.0.0.1:%d", port),
		Handler:     mux,
		TLSConfig:   &tls.Config{ClientCAs: pool, ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12},
		BaseContext: func(net.Listener) context.Context { return ctx },
	}
	go func() { <-ctx.Done(); _ = srv.Close() }()
	klog.InfoS("serving kubelet API", "address", srv.Addr)
	if err := srv.ListenAndServeTLS(certFile, keyFile); err != http.ErrServerClosed {
		return err
	}
	return nil
}

type logOptions struct {
	follow, timestamps, previous bool
	tailLines, limitBytes        int64 // -1: unset
	since                        time.Time
}

func parseLogOptions(r *http.Request) (logOptions, error) {
	q := r.URL.Query()
	o := logOptions{tailLines: -1, limitBytes: -1}
	o.follow, _ = strconv.ParseBool(q.Get("follow"))
	o.timestamps, _ = strconv.ParseBool(q.Get("timestamps"))
	o.previous, _ = strconv.ParseBool(q.Get("previous"))
	var err error
	if v := q.Get("tailLines"); v != "" {
		if o.tailLines, err = strconv.ParseInt(v, 10, 64); err != nil {
			return o, fmt.Errorf("tailLines: %w", err)
		}
	}
	if v := q.Get("limitBytes"); v != "" {
		if o.limitBytes, err = strconv.ParseInt(v, 10, 64); err != nil {
			return o, fmt.Errorf("limitBytes: %w", err)
		}
	}
	if v := q.Get("sinceSeconds"); v != "" {
		s, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return o, fmt.Errorf("sinceSeconds: %w", err)
		}
		o.since = time.Now().Add(-time.Duration(s) * time.Second)
	}
	if v := q.Get("sinceTime"); v != "" {
		if o.since, err = time.Parse(time.RFC3339, v); err != nil {
			return o, fmt.Errorf("sinceTime: %w", err)
		}
	}
	return o, nil
}

// findLog returns the log file for the container (the previous instance's with previous=true) and a
// func telling whether that instance is still the running one.
func findLog(statePath, ns, pod, container string, previous bool) (string, func() bool, error) {
	st, err := readState(statePath)
	if err != nil {
		return "", nil, err
	}
	for _, p := range st.Processes {
		if p.Pod == nil || p.Pod.Namespace != ns || p.Pod.Name != pod || p.Pod.Container != container {
			continue
		}
		file := p.LogFile
		if previous {
			if len(p.LogFiles) < 2 {
				return "", nil, fmt.Errorf("previous terminated container %q in pod %q not found", container, pod)
			}
			file = p.LogFiles[len(p.LogFiles)-2]
		}
		live := func() bool {
			s, err := readState(statePath)
			if err != nil {
				return false
			}
			for _, q := range s.Processes {
				if q.Name == p.Name {
					return q.Running && q.LogFile == file
				}
			}
			return false
		}
		return file, live, nil
	}
	return "", nil, fmt.Errorf("container %q in pod %s/%s not found", container, ns, pod)
}

// criLine is one entry of a CRI log file: "<RFC3339Nano> <stdout|stderr> <F|P> <text>".
type criLine struct {
	ts   time.Time
	text []byte
}

// criReader turns CRI log file content into whole lines, joining partial (P) entries.
type criReader struct {
	pending []byte
}

func (c *criReader) add(raw []byte) (criLine, bool) {
	raw = bytes.TrimSuffix(raw, []byte("\n"))
	parts := bytes.SplitN(raw, []byte(" "), 4)
	if len(parts) < 4 {
		return criLine{}, false
	}
	ts, err := time.Parse(time.RFC3339Nano, string(parts[0]))
	if err != nil {
		return criLine{}, false
	}
	c.pending = append(c.pending, parts[3]...)
	if string(parts[2]) == "P" {
		return criLine{}, false
	}
	line := criLine{ts: ts, text: c.pending}
	c.pending = nil
	return line, true
}

func serveContainerLogs(w http.ResponseWriter, r *http.Request, statePath string) {
	opts, err := parseLogOptions(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	file, live, err := findLog(statePath, r.PathValue("namespace"), r.PathValue("pod"), r.PathValue("container"), opts.previous)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest) // what the kubelet answers for an unknown or never-restarted container
		return
	}
	f, err := os.Open(file)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "text/plain")
	out := &limitedWriter{w: w, left: opts.limitBytes}
	flusher, _ := w.(http.Flusher)
	emit := func(l criLine) {
		if !opts.since.IsZero() && l.ts.Before(opts.since) {
			return
		}
		if opts.timestamps {
			out.Write([]byte(l.ts.UTC().Format(time.RFC3339Nano) + " "))
		}
		out.Write(append(l.text, '\n'))
	}

	// Existing content, honouring tailLines.
	br := bufio.NewReaderSize(f, 64*1024)
	var cr criReader
	var lines []criLine
	var offset int64
	for {
		raw, err := br.ReadBytes('\n')
		if err != nil { // incomplete last line: leave it for follow
			break
		}
		offset += int64(len(raw))
		if l, ok := cr.add(raw); ok {
			lines = append(lines, criLine{ts: l.ts, text: append([]byte(nil), l.text...)})
			if opts.tailLines >= 0 && int64(len(lines)) > opts.tailLines {
				lines = lines[1:]
			}
		}
	}
	for _, l := range lines {
		emit(l)
	}
	if flusher != nil {
		flusher.Flush()
	}
	if !opts.follow || opts.previous {
		return
	}

	// Follow: poll the file for new complete lines until the client goes away or the container ends.
	var partial []byte
	buf := make([]byte, 64*1024)
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	idle := 0
	for !out.done() {
		n, _ := f.ReadAt(buf, offset)
		if n > 0 {
			idle = 0
			offset += int64(n)
			partial = append(partial, buf[:n]...)
			for {
				i := bytes.IndexByte(partial, '\n')
				if i < 0 {
					break
				}
				if l, ok := cr.add(partial[:i+1]); ok {
					emit(l)
				}
				partial = partial[i+1:]
			}
			if flusher != nil {
				flusher.Flush()
			}
			continue
		}
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
		}
		if idle++; idle%5 == 0 && !live() { // checked once a second
			return
		}
	}
}

type limitedWriter struct {
	w    io.Writer
	left int64 // -1: unlimited
	err  error
}

func (l *limitedWriter) Write(p []byte) {
	if l.done() {
		return
	}
	if l.left >= 0 && int64(len(p)) > l.left {
		p = p[:l.left]
	}
	_, l.err = l.w.Write(p)
	if l.left >= 0 {
		l.left -= int64(len(p))
	}
}

func (l *limitedWriter) done() bool { return l.err != nil || l.left == 0 }
