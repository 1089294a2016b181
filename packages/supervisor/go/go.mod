module github.com/llmsb/supervisor

go 1.22
