resource "kubernetes_network_policy_v1" "service-1-out" {
  metadata {
    name      = "out"
    namespace = "service-1"
  }
  spec {
    pod_selector {}
    policy_types = ["Egress"]
    egress {
      to {
        namespace_selector {}
      }
    }
  }
}

resource "kubernetes_network_policy" "legacy" {
  metadata {
    name      = "legacy"
    namespace = var.namespace
  }
  spec {
    pod_selector {}
    policy_types = ["Ingress"]
    ingress {}
  }
}

resource "kubernetes_manifest" "clusterwide" {
  manifest = {
    apiVersion = "cilium.io/v2"
    kind       = "CiliumClusterwideNetworkPolicy"
    metadata = {
      name = "allow-all"
    }
    spec = {
      endpointSelector = {}
    }
  }
}

resource "kubernetes_manifest" "config" {
  manifest = {
    apiVersion = "v1"
    kind       = "ConfigMap"
    metadata = {
      name      = "settings"
      namespace = "service-1"
    }
  }
}
