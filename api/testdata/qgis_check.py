"""What QGIS (Debian's python3-qgis, headless) reads from the service.

Run by TestQGIS as: qgis_check.py BASE_URL GPKG_PATH PNG_PATH MID_DATE
CSV_PATH. It adds the OGC API - Features layer, the vector tiles, the
GeoPackage export and the CSV export (as QGIS's delimited text import), counts features (all, a date filter, a fatalities filter), reads
the GeoPackage layers' geometry types, renders the layers into a PNG and
prints one JSON object the test compares with the API's own answers.
"""
import json
import os
import sys

from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem,
                       QgsDataSourceUri, QgsFeatureRequest,
                       QgsMapRendererParallelJob,
                       QgsMapSettings, QgsRectangle,
                       QgsVectorLayer, QgsVectorTileLayer, QgsWkbTypes)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

base, gpkg, png, mid, csvpath = sys.argv[1:6]
app = QgsApplication([], False)
app.initQgis()
out = {}

uri = QgsDataSourceUri()
uri.setParam("url", base)


def oapif_layer(subset=None, typename="incidents"):
    """A new OAPIF layer (its own feature cache), filtered as the layer
    properties' query builder does, with a subset string."""
    uri.removeParam("typename")
    uri.setParam("typename", typename)
    layer = QgsVectorLayer(uri.uri(), typename, "OAPIF")
    if subset:
        layer.setSubsetString(subset)
    return layer


def count(layer):
    return sum(1 for _ in layer.getFeatures(QgsFeatureRequest()))


oapif = oapif_layer()
layers = [oapif]
out["oapif_valid"] = oapif.isValid()
out["oapif_fields"] = [f.name() for f in oapif.fields()] if oapif.isValid() else []
if oapif.isValid():
    out["oapif_all"] = count(oapif)
    out["oapif_geometry"] = QgsWkbTypes.displayString(oapif.wkbType())
    kinds = {}
    for f in oapif.getFeatures():
        k = QgsWkbTypes.displayString(f.geometry().wkbType()) if f.hasGeometry() else "none"
        kinds[k] = kinds.get(k, 0) + 1
    out["oapif_kinds"] = kinds
    out["oapif_source_urls"] = {f["id"]: f["source_urls"] for f in oapif.getFeatures()}
    out["oapif_since"] = count(oapif_layer("\"event_date\" >= '%s'" % mid))
    out["oapif_fatal"] = count(oapif_layer("\"fatalities\" > 10"))
    out["oapif_country"] = count(oapif_layer("\"country_code\" = 'IQ'"))

out["typed"] = {}
for name in ("incidents_lines", "incidents_areas"):
    lyr = oapif_layer(typename=name)
    out["typed"][name] = {
        "valid": lyr.isValid(),
        "geometry": QgsWkbTypes.displayString(lyr.wkbType()),
        "count": count(lyr) if lyr.isValid() else 0,
    }
    layers.append(lyr)

tiles = QgsVectorTileLayer("type=xyz&url=%s/tiles/{z}/{x}/{y}.mvt&zmin=0&zmax=14" % base.rstrip("/"), "tiles")
out["tiles_valid"] = tiles.isValid()

out["gpkg"] = {}
for name in ("incidents", "incidents_lines", "incidents_areas"):
    lyr = QgsVectorLayer("%s|layername=%s" % (gpkg, name), name, "ogr")
    out["gpkg"][name] = {
        "valid": lyr.isValid(),
        "geometry": QgsWkbTypes.displayString(lyr.wkbType()),
        "count": lyr.featureCount(),
    }
    layers.append(lyr)

out["csv"] = {}
for field in ("wkt", "geometry_wkt"):
    lyr = QgsVectorLayer("file://%s?delimiter=,&wktField=%s&crs=EPSG:4326" % (csvpath, field), field, "delimitedtext")
    out["csv"][field] = {
        "valid": lyr.isValid(),
        "geometry": QgsWkbTypes.displayString(lyr.wkbType()),
        "count": sum(1 for _ in lyr.getFeatures()) if lyr.isValid() else 0,
    }

settings = QgsMapSettings()
settings.setLayers([l for l in layers + [tiles] if l.isValid()])
settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
settings.setOutputSize(QSize(800, 600))
settings.setBackgroundColor(QColor(255, 255, 255))
extent = QgsRectangle()
for l in layers:
    if l.isValid():
        extent.combineExtentWith(l.extent())
extent.grow(1)
settings.setExtent(extent)
job = QgsMapRendererParallelJob(settings)
job.start()
job.waitForFinished()
out["png"] = job.renderedImage().save(png, "png")
print(json.dumps(out), flush=True)
# exitQgis() can crash at teardown in a headless process; the answer is out.
os._exit(0)
