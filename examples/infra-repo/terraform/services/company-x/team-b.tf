# Services of team-b.

module "service-3" {
  source          = "microservice-service-kit/v1.4.0.tar.gz"
  service_name    = "service-3"
  service_team    = "team-b"
  service_company = local.company
  network = {
    security = {
      enable_network_policy = true
      namespaces            = ["service-1"]
    }
  }
}
