package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os/signal"
	"strings"
	"syscall"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"
	"k8s.io/utils/ptr"
)

// runKubelet is a stand-in kubelet for the nodes of the test cluster. It registers the Node objects
// (with heartbeat Leases in kube-node-lease), keeps a Pod object for every supervised replica with a
// status that follows the real process, and serves /containerLogs over HTTPS from the replicas'
// log files so that pods/log through kube-apiserver returns their real output.
func runKubelet(args []string) int {
	fs := flag.NewFlagSet("kubelet", flag.ExitOnError)
	klog.InitFlags(fs)
	kubeconfig := fs.String("kubeconfig", "", "kubeconfig path")
	statePath := fs.String("state", "", "state file written by `up`")
	nodes := fs.String("nodes", "", "comma-separated node names")
	port := fs.Int("port", 10250, "HTTPS port on 127.0.0.1")
	certFile := fs.String("tls-cert-file", "", "serving certificate")
	keyFile := fs.String("tls-private-key-file", "", "serving key")
	clientCA := fs.String("client-ca-file", "", "CA that signs kube-apiserver's client certificate")
	_ = fs.Parse(args)
	defer klog.Flush()

	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		klog.ErrorS(err, "loading kubeconfig")
		return 1
	}
	cfg.QPS, cfg.Burst = 50, 100
	cs := kubernetes.NewForConfigOrDie(cfg)
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer cancel()

	srvErr := make(chan error, 1)
	go func() { srvErr <- serveKubeletAPI(ctx, *port, *certFile, *keyFile, *clientCA, *statePath) }()

	k := &kubelet{cs: cs, port: int32(*port), statePath: *statePath, nodeUIDs: map[string]types.UID{}, pushed: map[string]string{}}
	for _, n := range strings.Split(*nodes, ",") {
		if err := k.registerNode(ctx, n); err != nil {
			klog.ErrorS(err, "registering node", "node", n)
			return 1
		}
	}
	heartbeat := time.NewTicker(10 * time.Second)
	sync := time.NewTicker(time.Second)
	defer heartbeat.Stop()
	defer sync.Stop()
	k.syncPods(ctx)
	for {
		select {
		case <-ctx.Done():
			klog.Info("kubelet stopping")
			return 0
		case err := <-srvErr:
			klog.ErrorS(err, "kubelet API server")
			return 1
		case <-heartbeat.C:
			for n := range k.nodeUIDs {
				if err := k.renewNodeLease(ctx, n); err != nil {
					klog.ErrorS(err, "renewing node lease", "node", n)
				}
			}
		case <-sync.C:
			k.syncPods(ctx)
		}
	}
}

type kubelet struct {
	cs        kubernetes.Interface
	port      int32
	statePath string
	nodeUIDs  map[string]types.UID
	pushed    map[string]string // pod key -> hash of the last status written
}

func (k *kubelet) registerNode(ctx context.Context, name string) error {
	now := metav1.Now()
	role := "worker"
	if strings.HasPrefix(name, "cp-") {
		role = "control-plane"
	}
	node := &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{
			"kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
			"node-role.kubernetes.io/" + role: "",
		}},
	}
	got, err := k.cs.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		got, err = k.cs.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
	}
	if err != nil {
		return err
	}
	got.Status = corev1.NodeStatus{
		Addresses:       []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: "127.0.0.1"}, {Type: corev1.NodeHostName, Address: name}},
		DaemonEndpoints: corev1.NodeDaemonEndpoints{KubeletEndpoint: corev1.DaemonEndpoint{Port: k.port}},
		Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue, Reason: "KubeletReady",
			Message: "stand-in kubelet is posting ready status", LastHeartbeatTime: now, LastTransitionTime: now}},
		Capacity:    corev1.ResourceList{},
		Allocatable: corev1.ResourceList{},
		NodeInfo:    corev1.NodeSystemInfo{KubeletVersion: "v1.36.3", OperatingSystem: "linux", Architecture: "amd64", ContainerRuntimeVersion: "realcluster://0"},
	}
	if _, err := k.cs.CoreV1().Nodes().UpdateStatus(ctx, got, metav1.UpdateOptions{}); err != nil {
		return err
	}
	k.nodeUIDs[name] = got.UID
	return k.renewNodeLease(ctx, name)
}

func (k *kubelet) renewNodeLease(ctx context.Context, node string) error {
	leases := k.cs.CoordinationV1().Leases(corev1.NamespaceNodeLease)
	now := metav1.NewMicroTime(time.Now())
	l, err := leases.Get(ctx, node, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		_, err = leases.Create(ctx, &coordinationv1.Lease{
			ObjectMeta: metav1.ObjectMeta{Name: node, OwnerReferences: []metav1.OwnerReference{{
				APIVersion: "v1", Kind: "Node", Name: node, UID: k.nodeUIDs[node]}}},
			Spec: coordinationv1.LeaseSpec{HolderIdentity: ptr.To(node), LeaseDurationSeconds: ptr.To[int32](40), RenewTime: &now},
		}, metav1.CreateOptions{})
		return err
	}
	if err != nil {
		return err
	}
	l.Spec.RenewTime = &now
	_, err = leases.Update(ctx, l, metav1.UpdateOptions{})
	return err
}

// syncPods creates missing Pod objects and writes pod status whenever the process state changed.
func (k *kubelet) syncPods(ctx context.Context) {
	st, err := readState(k.statePath)
	if err != nil {
		klog.ErrorS(err, "reading state")
		return
	}
	for _, p := range st.Processes {
		if p.Pod == nil || k.nodeUIDs[p.Pod.Node] == "" {
			continue
		}
		if err := k.syncPod(ctx, p); err != nil {
			klog.ErrorS(err, "syncing pod", "pod", p.Pod.Namespace+"/"+p.Pod.Name)
		}
	}
}

func (k *kubelet) syncPod(ctx context.Context, p *Proc) error {
	ref := p.Pod
	key := ref.Namespace + "/" + ref.Name
	status := podStatus(p)
	sum, _ := json.Marshal(status)
	hash := fmt.Sprintf("%x", sha256.Sum256(sum))
	if k.pushed[key] == hash {
		return nil
	}
	pods := k.cs.CoreV1().Pods(ref.Namespace)
	pod, err := pods.Get(ctx, ref.Name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		desired, err := k.podObject(ctx, p)
		if err != nil {
			return err
		}
		pod, err = pods.Create(ctx, desired, metav1.CreateOptions{})
		if err != nil {
			return err
		}
		klog.InfoS("created pod", "pod", key, "node", ref.Node)
	} else if err != nil {
		return err
	}
	status.QOSClass = pod.Status.QOSClass
	pod.Status = status
	if _, err := pods.UpdateStatus(ctx, pod, metav1.UpdateOptions{}); err != nil {
		return err
	}
	k.pushed[key] = hash
	return nil
}

func (k *kubelet) podObject(ctx context.Context, p *Proc) (*corev1.Pod, error) {
	ref := p.Pod
	// The command line the process runs, as the component's own: without the subcommand of this
	// binary that stands in for it (kube-scheduler --leader-elect-lease-duration=4s …).
	command := []string{ref.Container}
	if len(p.Args) > 1 {
		command = append(command, p.Args[1:]...)
	}
	container := corev1.Container{Name: ref.Container, Image: ref.Image, Command: command}
	for _, port := range ref.Ports {
		container.Ports = append(container.Ports, corev1.ContainerPort{Name: port.Name, ContainerPort: int32(port.Port), Protocol: corev1.ProtocolTCP})
	}
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: ref.Name, Namespace: ref.Namespace, Labels: ref.Labels},
		Spec: corev1.PodSpec{
			NodeName:   ref.Node,
			Containers: []corev1.Container{container},
		},
	}
	if ref.Static {
		src := sha256.Sum256([]byte(key(ref)))
		pod.Annotations = map[string]string{
			"kubernetes.io/config.mirror": hex.EncodeToString(src[:16]),
			"kubernetes.io/config.source": "file",
			"kubernetes.io/config.hash":   hex.EncodeToString(src[:16]),
		}
		pod.OwnerReferences = []metav1.OwnerReference{{APIVersion: "v1", Kind: "Node", Name: ref.Node,
			UID: k.nodeUIDs[ref.Node], Controller: ptr.To(true)}}
		pod.Spec.HostNetwork = true
		pod.Spec.PriorityClassName = "system-node-critical"
		return pod, nil
	}
	rs, err := k.cs.AppsV1().ReplicaSets(ref.Namespace).Get(ctx, ref.ReplicaSet, metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	pod.OwnerReferences = []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: rs.Name,
		UID: rs.UID, Controller: ptr.To(true), BlockOwnerDeletion: ptr.To(true)}}
	pod.GenerateName = rs.Name + "-"
	pod.Spec.AutomountServiceAccountToken = ptr.To(false)
	return pod, nil
}

func key(ref *PodRef) string { return ref.Namespace + "/" + ref.Name }

// podStatus is the status a kubelet would report for the process: Running while it runs, a
// restart count, and the last termination once it was restarted.
func podStatus(p *Proc) corev1.PodStatus {
	ref := p.Pod
	podIP := "127.0.0.1"
	if ref.PodIP != "" {
		podIP = ref.PodIP
	} else if !ref.Static {
		sum := sha256.Sum256([]byte(key(ref)))
		podIP = fmt.Sprintf("10.244.%d.%d", sum[0], 1+int(sum[1])%250)
	}
	started := metav1.NewTime(p.StartedAt.Truncate(time.Second))
	cs := corev1.ContainerStatus{
		Name: ref.Container, Image: ref.Image, ImageID: ref.Image, RestartCount: int32(p.Restarts),
		ContainerID: fmt.Sprintf("realcluster://%s-%d", ref.Name, p.Restarts),
	}
	ready := corev1.ConditionFalse
	if p.Running {
		cs.Ready, cs.Started = true, ptr.To(true)
		cs.State.Running = &corev1.ContainerStateRunning{StartedAt: started}
		ready = corev1.ConditionTrue
	} else {
		cs.Started = ptr.To(false)
		cs.State.Waiting = &corev1.ContainerStateWaiting{Reason: "ContainerCreating"}
	}
	if p.ExitCode != nil {
		// Like the kubelet: exit code 128+signal for a killed process (137 for SIGKILL), reason
		// "Error" (or "Completed" for 0), the finished instance's start and end, and its container ID.
		// While it waits for the restart the container's state is that termination; once it runs
		// again the termination is its lastState.
		t := &corev1.ContainerStateTerminated{ExitCode: int32(*p.ExitCode), Reason: "Error"}
		if *p.ExitCode == 0 {
			t.Reason = "Completed"
		}
		if p.LastStartedAt != nil && p.LastFinishedAt != nil {
			t.StartedAt, t.FinishedAt = metav1.NewTime(p.LastStartedAt.Truncate(time.Second)), metav1.NewTime(p.LastFinishedAt.Truncate(time.Second))
		}
		if p.Running {
			t.ContainerID = fmt.Sprintf("realcluster://%s-%d", ref.Name, p.Restarts-1)
			cs.LastTerminationState.Terminated = t
		} else {
			t.ContainerID = cs.ContainerID
			cs.State.Waiting, cs.State.Terminated = nil, t
		}
	}
	cond := func(t corev1.PodConditionType, s corev1.ConditionStatus) corev1.PodCondition {
		return corev1.PodCondition{Type: t, Status: s, LastTransitionTime: started}
	}
	return corev1.PodStatus{
		Phase:  corev1.PodRunning,
		HostIP: "127.0.0.1", HostIPs: []corev1.HostIP{{IP: "127.0.0.1"}},
		PodIP: podIP, PodIPs: []corev1.PodIP{{IP: podIP}},
		StartTime: &started,
		Conditions: []corev1.PodCondition{cond(corev1.PodInitialized, corev1.ConditionTrue),
			cond(corev1.PodReady, ready), cond(corev1.ContainersReady, ready), cond(corev1.PodScheduled, corev1.ConditionTrue)},
		ContainerStatuses: []corev1.ContainerStatus{cs},
	}
}
