module github.com/incidentmap/incidentmap

go 1.26.8

require (
	github.com/paulmach/orb v0.14.0
	github.com/twpayne/go-geom v1.7.0
	github.com/twpayne/go-polyline v1.1.1
	golang.org/x/text v0.44.0
)

require (
	github.com/gorilla/mux v1.8.1 // indirect
	go.mongodb.org/mongo-driver/v2 v2.5.0 // indirect
)
