variable "peers" {
  type    = list(string)
  default = []
}
