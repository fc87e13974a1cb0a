package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

const (
	k8sVersion   = "v1.36.3"
	adminContext = "realcluster-admin"
	devContext   = "realcluster-dev"
)

// workload is a Deployment whose replicas are electors competing for a Lease of the same name.
type workload struct {
	namespace, name string
	replicas        int
	// metrics: each replica serves Prometheus metrics (client-go's leader election metrics among
	// them) on the machine's address, in a container port named "metrics".
	metrics bool
	// lock: where the record is kept, the elector's --lock (lease, configmap); coordinated: each
	// replica is a LeaseCandidate and kube-apiserver's coordinated leader election picks the holder.
	lock        string
	coordinated bool
	// args are more elector flags, for every replica.
	args []string
	// restartDelay: how long the supervisor waits before restarting a replica that exited (default 1s).
	restartDelay time.Duration
}

var (
	devNamespaces = []string{"demo", "team-b"}
	workloads     = []workload{
		{namespace: "demo", name: "demo-elector", replicas: 2, metrics: true},
		{namespace: "team-b", name: "billing-controller", replicas: 1},
		// An older controller's ConfigMap lock, client-go's default timing 15/10/2 s. A killed leader
		// is restarted after 20s (a kubelet's back-off), so the other replica, not the restarted one,
		// takes over when the record expires.
		{namespace: locksNamespace, name: "configmap-elector", replicas: 2, lock: "configmap",
			args: []string{"--lease-duration=15s", "--renew-deadline=10s", "--retry-period=2s"}, restartDelay: 20 * time.Second},
		// Coordinated leader election (coordination.k8s.io/v1beta1 LeaseCandidates).
		{namespace: locksNamespace, name: "coordinated-elector", replicas: 2, coordinated: true},
	}
)

// locksNamespace holds the electors of the other lock kinds (issue 17).
const locksNamespace = "locks"

// lockConfigMapData is the size of the data in the ConfigMap lock, like the configuration an older
// controller keeps next to its lock: a watch that is not metadata-only would carry it.
const lockConfigMapData = 50 * 1024

// runUp starts the whole cluster as children of this process and supervises it until SIGINT/SIGTERM.
func runUp(args []string) int {
	fs := flag.NewFlagSet("up", flag.ExitOnError)
	dir := fs.String("dir", "", "work directory (wiped and recreated); holds etcd data, certificates, logs")
	kubeconfigPath := fs.String("kubeconfig", "", "where to write the kubeconfig with the admin and dev contexts (default <dir>/kubeconfig)")
	statePath := fs.String("state", "", "where to write the state JSON (default <dir>/state.json)")
	schedulers := fs.Int("schedulers", 3, "kube-scheduler replicas (hosts cp-node-1..N)")
	restart := fs.Bool("restart", true, "restart replicas that exit, like a kubelet")
	stdinEOF := fs.Bool("stop-on-stdin-eof", false, "also stop when stdin closes (the parent went away)")
	_ = fs.Parse(args)
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "up: --dir is required")
		return 2
	}
	abs, _ := filepath.Abs(*dir)
	*dir = abs
	if *kubeconfigPath == "" {
		*kubeconfigPath = filepath.Join(*dir, "kubeconfig")
	}
	if *statePath == "" {
		*statePath = filepath.Join(*dir, "state.json")
	}
	*kubeconfigPath, _ = filepath.Abs(*kubeconfigPath)
	*statePath, _ = filepath.Abs(*statePath)
	if err := prepareDir(*dir); err != nil {
		logf("%v", err)
		return 1
	}
	self, err := os.Executable()
	if err != nil {
		logf("%v", err)
		return 1
	}
	begin := time.Now()
	s := &supervisor{self: self, statePath: *statePath, logDir: filepath.Join(*dir, "logs"), restart: *restart, fatal: make(chan string, 4)}
	s.st = &State{Phase: "starting", SupervisorPid: os.Getpid(), Dir: *dir, Kubeconfig: *kubeconfigPath,
		AdminContext: adminContext, DevContext: devContext, DevNamespaces: devNamespaces, UTSNamespaces: utsNamespacesWork(self)}
	s.st.MetricsIP = metricsIP()
	if s.st.MetricsIP == "" {
		logf("WARNING: no non-loopback IPv4 address; kube-apiserver proxies no loopback or link-local pod IP, so no elector serves metrics")
	}
	if !s.st.UTSNamespaces {
		logf("WARNING: cannot create UTS namespaces; replicas keep the host name, electors get identities from --identity and schedulers are told apart only by their uuid")
	}

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	if *stdinEOF {
		go func() { _, _ = io.Copy(io.Discard, os.Stdin); s.fatal <- "stdin closed" }()
	}
	code := 0
	upErr := make(chan error, 1)
	go func() { upErr <- s.bringUp(*kubeconfigPath, *schedulers) }()
	for waiting := true; waiting; {
		select {
		case err := <-upErr:
			if err != nil {
				logf("start failed: %v", err)
				code, waiting = 1, false
				break
			}
			s.mu.Lock()
			s.st.Phase = "running"
			s.saveLocked()
			s.mu.Unlock()
			logf("all processes started in %.1fs; kubeconfig %s, state %s", time.Since(begin).Seconds(), *kubeconfigPath, *statePath)
			fmt.Printf("READY %s\n", *statePath)
		case sig := <-sigs:
			logf("%v: stopping", sig)
			waiting = false
		case why := <-s.fatal:
			logf("%s: stopping", why)
			if why != "stdin closed" {
				code = 1
			}
			waiting = false
		}
	}
	s.shutdown()
	s.mu.Lock()
	s.st.Phase = map[bool]string{true: "stopped", false: "failed"}[code == 0]
	s.saveLocked()
	s.mu.Unlock()
	logf("stopped")
	return code
}

// prepareDir wipes a previous run's directory (only if it looks like one) and creates it.
func prepareDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err == nil && len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(dir, "state.json")); err != nil {
			return fmt.Errorf("%s is not empty and holds no state.json; refusing to wipe it", dir)
		}
		if st, err := readState(filepath.Join(dir, "state.json")); err == nil && (st.Phase == "running" || st.Phase == "starting") && processAlive(st.SupervisorPid) {
			return fmt.Errorf("%s is in use by a running supervisor (pid %d)", dir, st.SupervisorPid)
		}
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
	}
	return os.MkdirAll(dir, 0o755)
}

func processAlive(pid int) bool { return pid > 0 && syscall.Kill(pid, 0) == nil }

// utsNamespacesWork checks that a child can be started in a new UTS namespace.
func utsNamespacesWork(self string) bool {
	cmd := exec.Command(self)
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWUTS}
	return cmd.Run() == nil || cmd.ProcessState != nil
}

func (s *supervisor) bringUp(kubeconfigPath string, schedulers int) error {
	dir := s.st.Dir
	ports, err := freePorts(4)
	if err != nil {
		return err
	}
	s.st.Ports = Ports{Etcd: ports[0], EtcdPeer: ports[1], APIServer: ports[2], Kubelet: ports[3]}
	s.st.EtcdURL = fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	s.st.Server = fmt.Sprintf("https://127.0.0.1:%d", ports[2])
	pki, err := generatePKI(filepath.Join(dir, "pki"))
	if err != nil {
		return err
	}
	adminToken, devToken := randomHex(16), randomHex(16)
	tokenFile := filepath.Join(dir, "pki", "tokens.csv")
	tokens := fmt.Sprintf("%s,admin,admin-uid,\"system:masters\"\n%s,dev,dev-uid,\"lease-lens:devs\"\n", adminToken, devToken)
	if err := os.WriteFile(tokenFile, []byte(tokens), 0o600); err != nil {
		return err
	}
	componentsKubeconfig := filepath.Join(dir, "components.kubeconfig")
	if err := writeKubeconfig(componentsKubeconfig, s.st.Server, pki.CACert, adminToken, ""); err != nil {
		return err
	}
	if err := writeKubeconfig(kubeconfigPath, s.st.Server, pki.CACert, adminToken, devToken); err != nil {
		return err
	}
	s.st.Nodes = []string{}
	for i := 1; i <= schedulers; i++ {
		s.st.Nodes = append(s.st.Nodes, fmt.Sprintf("cp-node-%d", i))
	}
	s.st.Nodes = append(s.st.Nodes, "worker-1", "worker-2")
	cp1 := s.st.Nodes[0]

	etcd := s.add(&Proc{Name: "etcd", Role: "etcd", Args: []string{"etcd", "--data-dir=" + filepath.Join(dir, "etcd"),
		fmt.Sprintf("--client-port=%d", ports[0]), fmt.Sprintf("--peer-port=%d", ports[1])},
		Pod: staticPod("etcd", cp1, "registry.k8s.io/etcd:3.6.8-0")}, false)
	if err := s.start(etcd); err != nil {
		return err
	}
	if err := waitHTTP(s.st.EtcdURL+"/health", nil, 60*time.Second); err != nil {
		return fmt.Errorf("etcd: %w", err)
	}
	auditPolicy := filepath.Join(dir, "audit-policy.yaml")
	if err := os.WriteFile(auditPolicy, []byte(auditPolicyYAML), 0o644); err != nil {
		return err
	}
	s.st.AuditLog = filepath.Join(dir, "audit.log")
	apiserver := s.add(&Proc{Name: "apiserver", Role: "apiserver", Args: append([]string{"apiserver"},
		apiserverFlags(s.st, pki, tokenFile, auditPolicy)...), Pod: staticPod("kube-apiserver", cp1, "registry.k8s.io/kube-apiserver:"+k8sVersion)}, false)
	if err := s.start(apiserver); err != nil {
		return err
	}
	client, err := adminClient(componentsKubeconfig)
	if err != nil {
		return err
	}
	if err := waitHTTP(s.st.Server+"/readyz", client, 120*time.Second); err != nil {
		return fmt.Errorf("kube-apiserver: %w", err)
	}
	cs, err := kubernetes.NewForConfig(mustRESTConfig(componentsKubeconfig))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	rsNames, err := setupObjects(ctx, cs)
	if err != nil {
		return fmt.Errorf("creating namespaces, RBAC and workloads: %w", err)
	}

	// Register every replica first, so that the kubelet creates all pods, then start them.
	var replicas []*child
	for i := 1; i <= schedulers; i++ {
		node := fmt.Sprintf("cp-node-%d", i)
		args := []string{"scheduler", "--kubeconfig=" + componentsKubeconfig, "--authentication-kubeconfig=" + componentsKubeconfig,
			"--authorization-kubeconfig=" + componentsKubeconfig, "--bind-address=127.0.0.1", "--secure-port=0",
			"--leader-elect=true", "--leader-elect-lease-duration=4s", "--leader-elect-renew-deadline=3s",
			"--leader-elect-retry-period=1s", "--v=2"}
		pod := staticPod("kube-scheduler", node, "registry.k8s.io/kube-scheduler:"+k8sVersion)
		pod.Lease = "kube-system/kube-scheduler"
		replicas = append(replicas, s.add(&Proc{Name: fmt.Sprintf("scheduler-%d", i), Role: "scheduler", Hostname: node, Args: args, Pod: pod}, true))
	}
	for wi, w := range workloads {
		for i := 0; i < w.replicas; i++ {
			podName := rsNames[w.name] + "-" + randomSuffix(5)
			args := []string{"elector", "--kubeconfig=" + componentsKubeconfig, "--namespace=" + w.namespace, "--lease=" + w.name}
			if w.lock != "" {
				args = append(args, "--lock="+w.lock)
			}
			if w.coordinated {
				// The strategy OldestEmulationVersion picks the first replica (the older emulation version).
				args = append(args, "--coordinated", "--binary-version=1.36.3", fmt.Sprintf("--emulation-version=1.%d.0", 35+min(i, 1)))
			}
			args = append(args, w.args...)
			if !s.st.UTSNamespaces && w.coordinated {
				args = append(args, "--identity="+podName)
			} else if !s.st.UTSNamespaces {
				args = append(args, "--identity="+podName+"_"+randomHex(8))
			}
			pod := &PodRef{Namespace: w.namespace, Name: podName, Container: w.name, Node: fmt.Sprintf("worker-%d", 1+(wi+i)%2),
				ReplicaSet: rsNames[w.name], Labels: workloadLabels(w.name, strings.TrimPrefix(rsNames[w.name], w.name+"-")),
				Image: "example.com/" + w.name + ":dev", Lease: w.namespace + "/" + w.name}
			if w.metrics && s.st.MetricsIP != "" {
				// All pods share the machine's address here, so each replica gets a port of its own.
				port, err := freePortOn(s.st.MetricsIP)
				if err != nil {
					return err
				}
				args = append(args, fmt.Sprintf("--metrics-bind-address=%s:%d", s.st.MetricsIP, port))
				pod.PodIP, pod.Ports = s.st.MetricsIP, []PortRef{{Name: "metrics", Port: port}}
			}
			replicas = append(replicas, s.add(&Proc{Name: podName, Role: "elector", Hostname: podName, Args: args, Pod: pod, RestartDelay: w.restartDelay}, true))
		}
	}
	kubelet := s.add(&Proc{Name: "kubelet", Role: "kubelet", Args: []string{"kubelet", "--kubeconfig=" + componentsKubeconfig,
		"--state=" + s.statePath, "--nodes=" + strings.Join(s.st.Nodes, ","), fmt.Sprintf("--port=%d", ports[3]),
		"--tls-cert-file=" + pki.KubeletCert, "--tls-private-key-file=" + pki.KubeletKey, "--client-ca-file=" + pki.CACert}}, false)
	if err := s.start(kubelet); err != nil {
		return err
	}
	for _, c := range replicas {
		if err := s.start(c); err != nil {
			return fmt.Errorf("%s: %w", c.p.Name, err)
		}
	}
	return nil
}

// auditPolicyYAML audits the reads of ConfigMaps and Endpoints (the objects that may hold a lock
// record): lists with their response, so a test can tell a metadata-only list
// (PartialObjectMetadataList) from a full one; get and watch with their URI and user agent.
const auditPolicyYAML = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
- level: RequestResponse
  verbs: ["list"]
  resources: [{group: "", resources: ["configmaps", "endpoints"]}]
- level: Metadata
  verbs: ["get", "watch"]
  resources: [{group: "", resources: ["configmaps", "endpoints"]}]
- level: None
`

func apiserverFlags(st *State, pki *PKI, tokenFile, auditPolicy string) []string {
	return []string{
		"--etcd-servers=" + st.EtcdURL,
		"--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", fmt.Sprintf("--secure-port=%d", st.Ports.APIServer),
		"--tls-cert-file=" + pki.APIServerCert, "--tls-private-key-file=" + pki.APIServerKey,
		"--client-ca-file=" + pki.CACert, "--token-auth-file=" + tokenFile,
		"--authorization-mode=Node,RBAC",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + pki.SAPub, "--service-account-signing-key-file=" + pki.SAKey,
		"--service-cluster-ip-range=10.96.0.0/16",
		"--kubelet-client-certificate=" + pki.KubeletClientCert, "--kubelet-client-key=" + pki.KubeletClKey,
		"--kubelet-certificate-authority=" + pki.CACert, "--kubelet-preferred-address-types=InternalIP",
		"--allow-privileged=true", "--profiling=false", "--endpoint-reconciler-type=lease",
		// Coordinated leader election: LeaseCandidates (coordination.k8s.io/v1beta1, off by default in
		// v1.36) and the controller that picks a holder among them. Only Leases with candidates are
		// touched; the kube-scheduler replicas do not take part (their own gate stays off).
		"--feature-gates=CoordinatedLeaderElection=true", "--runtime-config=coordination.k8s.io/v1beta1=true",
		"--audit-policy-file=" + auditPolicy, "--audit-log-path=" + st.AuditLog, "--audit-log-format=json",
	}
}

func staticPod(component, node, image string) *PodRef {
	return &PodRef{Namespace: "kube-system", Name: component + "-" + node, Container: component, Node: node, Static: true,
		Image: image, Labels: map[string]string{"component": component, "tier": "control-plane"}}
}

func writeKubeconfig(path, server, caFile, adminToken, devToken string) error {
	ca, err := os.ReadFile(caFile)
	if err != nil {
		return err
	}
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["realcluster"] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: ca}
	cfg.AuthInfos["realcluster-admin"] = &clientcmdapi.AuthInfo{Token: adminToken}
	cfg.Contexts[adminContext] = &clientcmdapi.Context{Cluster: "realcluster", AuthInfo: "realcluster-admin", Namespace: "default"}
	if devToken != "" {
		cfg.AuthInfos["realcluster-dev"] = &clientcmdapi.AuthInfo{Token: devToken}
		cfg.Contexts[devContext] = &clientcmdapi.Context{Cluster: "realcluster", AuthInfo: "realcluster-dev", Namespace: devNamespaces[0]}
	}
	cfg.CurrentContext = adminContext
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return clientcmd.WriteToFile(*cfg, path)
}

func freePorts(n int) ([]int, error) {
	var ports []int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// metricsIP is the first IPv4 address of an up interface that kube-apiserver's proxy accepts as a
// pod IP (not loopback, not link-local), or "".
func metricsIP() string {
	ifaces, err := net.Interfaces()
	if err != nil {
		return ""
	}
	for _, iface := range ifaces {
		if iface.Flags&net.FlagUp == 0 || iface.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, _ := iface.Addrs()
		for _, a := range addrs {
			n, ok := a.(*net.IPNet)
			if !ok {
				continue
			}
			ip := n.IP.To4()
			if ip != nil && !ip.IsLoopback() && !ip.IsLinkLocalUnicast() && !ip.IsUnspecified() {
				return ip.String()
			}
		}
	}
	return ""
}

func freePortOn(ip string) (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// randomSuffix is like the random part of generated pod names (no vowels, no confusable digits).
func randomSuffix(n int) string {
	const alphabet = "bcdfghjklmnpqrstvwxz2456789"
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
