"""What the app's web server adds to Streamlit's: the session-cookie routes and the not-found answer."""
