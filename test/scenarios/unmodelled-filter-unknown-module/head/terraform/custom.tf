module "service-1-extra" {
  source = "git::https://git.example.com/network-kit.git?ref=v1"
  name   = "service-1"
  network = {
    security = {
      enable_network_policy = true
      namespaces            = ["service-4"]
    }
  }
}

module "buckets" {
  source = "terraform-aws-modules/s3-bucket/aws"
  bucket = "logs"
}
