variable "peers" {
  type    = list(string)
  default = ["service-4"]
}
