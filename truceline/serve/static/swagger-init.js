// Starts the vendored Swagger UI on this server's own OpenAPI description (no CDN, no inline script).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true});
});
