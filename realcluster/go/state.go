package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"time"
)

// State is the JSON file `up` keeps current for tests (and for the stand-in kubelet, which reads
// the pods it must report and the log files it must serve from it).
type State struct {
	Phase         string   `json:"phase"` // starting | running | stopping | stopped | failed
	SupervisorPid int      `json:"supervisorPid"`
	Dir           string   `json:"dir"`
	Kubeconfig    string   `json:"kubeconfig"`
	AdminContext  string   `json:"adminContext"`
	DevContext    string   `json:"devContext"`
	DevNamespaces []string `json:"devNamespaces"`
	Server        string   `json:"server"`
	EtcdURL       string   `json:"etcdURL"`
	Ports         Ports    `json:"ports"`
	UTSNamespaces bool     `json:"utsNamespaces"` // false: replicas share the host name; identities come from flags
	// MetricsIP is the machine's first non-loopback, non-link-local IPv4: the pod IP of the electors
	// that serve metrics, which kube-apiserver's pod proxy accepts. Empty: none, so no elector serves metrics.
	MetricsIP string `json:"metricsIP"`
	// AuditLog is kube-apiserver's audit log (JSON lines): reads of ConfigMaps and Endpoints.
	AuditLog  string    `json:"auditLog"`
	Nodes     []string  `json:"nodes"`
	Processes []*Proc   `json:"processes"`
	UpdatedAt time.Time `json:"updatedAt"`
}

type Ports struct {
	Etcd      int `json:"etcd"`
	EtcdPeer  int `json:"etcdPeer"`
	APIServer int `json:"apiserver"`
	Kubelet   int `json:"kubelet"`
}

// Proc is one supervised child process (one container of one pod, for the replicas).
type Proc struct {
	Name      string    `json:"name"` // unique, e.g. scheduler-2
	Role      string    `json:"role"` // etcd | apiserver | kubelet | scheduler | elector
	Hostname  string    `json:"hostname,omitempty"`
	Pid       int       `json:"pid"`
	Running   bool      `json:"running"`
	Restarts  int       `json:"restarts"`
	StartedAt time.Time `json:"startedAt"`
	ExitCode  *int      `json:"exitCode,omitempty"` // of the last finished instance
	// LastStartedAt and LastFinishedAt describe the last finished instance.
	LastStartedAt  *time.Time `json:"lastStartedAt,omitempty"`
	LastFinishedAt *time.Time `json:"lastFinishedAt,omitempty"`
	// LogFile is the current instance's log in CRI format ("<RFC3339Nano> <stream> <F|P> <text>");
	// LogFiles lists all instances, oldest first (the last one is LogFile).
	LogFile  string   `json:"logFile"`
	LogFiles []string `json:"logFiles"`
	Pod      *PodRef  `json:"pod,omitempty"`
	Args     []string `json:"args"`
	// RestartDelay is the wait before a restart after the process exited (0: one second).
	RestartDelay time.Duration `json:"restartDelayNs,omitempty"`
}

// PodRef is the Pod object the stand-in kubelet keeps for a process.
type PodRef struct {
	Namespace  string            `json:"namespace"`
	Name       string            `json:"name"`
	Container  string            `json:"container"`
	Node       string            `json:"node"`
	Static     bool              `json:"static"`               // a mirror pod of a static pod (control plane)
	ReplicaSet string            `json:"replicaSet,omitempty"` // owner, for Deployment-style pods
	Labels     map[string]string `json:"labels,omitempty"`
	Image      string            `json:"image"`
	Lease      string            `json:"lease,omitempty"` // namespace/name of the Lease it competes for
	// PodIP overrides the made-up pod IP (10.244.x.y) with an address the process really listens on.
	PodIP string `json:"podIP,omitempty"`
	// Ports are the container's ports (e.g. "metrics"), in the pod spec.
	Ports []PortRef `json:"ports,omitempty"`
}

// PortRef is a named container port.
type PortRef struct {
	Name string `json:"name"`
	Port int    `json:"port"`
}

func writeJSONAtomic(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func readState(path string) (*State, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s State
	return &s, json.Unmarshal(data, &s)
}
