"""Static dashboard files (index.html, app.js, style.css), served by routes/dashboard.py."""
